import { isWismoError, type OutboxRowInput } from '@wismo/core'
import { describe, expect } from 'vitest'
import { shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

const later = (ms: number) => new Date(Date.now() + ms).toISOString()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const rows = (n: number, prefix = Math.random().toString(36).slice(2)): OutboxRowInput[] =>
  Array.from({ length: n }, (_, i) => ({
    idempotencyKey: `${prefix}-${i}`,
    shipmentId: null,
    topic: 'test',
    payload: { i, text: 'ünï ✓' },
  }))

/** Outbox leases and poll claims: what keeps several workers from doing one job twice. */
export function outboxCases(h: Harness): void {
  describe('outbox', () => {
    h.test('enqueues each idempotency key once', async () => {
      const batch = rows(3)
      expect(await h.store().enqueue(batch, { now: later(0) })).toHaveLength(3)
      expect(await h.store().enqueue(batch, { now: later(0) })).toEqual([])
      expect(await h.store().listOutbox({})).toHaveLength(3)
      const probe = h.probe()
      if (probe) expect(await probe.countOutbox(batch[0]?.idempotencyKey ?? '')).toBe(1)
    })

    h.test('writes outbox rows in the same commit as the shipment', async () => {
      const shipment = shipmentFixture()
      const row = {
        idempotencyKey: `c-${shipment.id}`,
        shipmentId: shipment.id,
        topic: 'shipment.status_changed',
        payload: { to: 'delivered' },
      }
      const result = await h
        .store()
        .commit({ shipment, expectedVersion: null, events: [], outbox: [row, row] })
      expect(result.enqueuedKeys).toEqual([row.idempotencyKey])
      const [stored] = await h.store().listOutbox({ shipmentId: shipment.id })
      expect(stored).toMatchObject({ ...row, state: 'pending', attempts: 0 })
    })

    h.test(
      'claims only the topics asked for, or all but them, burying by attempts within the filter',
      async () => {
        const tag = Math.random().toString(36).slice(2)
        const mixed = [
          ...rows(2, `${tag}-n`).map((r) => ({ ...r, topic: 'notify.email' })),
          ...rows(3, `${tag}-d`).map((r) => ({ ...r, topic: 'shipment.status_changed' })),
        ]
        await h.store().enqueue(mixed, { now: later(0) })
        const now = new Date().toISOString()
        const claim = (workerId: string, topics: { prefix: string; exclude?: boolean }) =>
          h.store().claimOutbox({ workerId, limit: 10, leaseMs: 60_000, now, topics, maxAttempts: 5 })
        const notify = await claim('n', { prefix: 'notify.' })
        expect(notify.map((r) => r.topic)).toEqual(['notify.email', 'notify.email'])
        const rest = await claim('d', { prefix: 'notify.', exclude: true })
        expect(rest.map((r) => r.topic)).toEqual(Array(3).fill('shipment.status_changed'))
        expect(await claim('x', { prefix: 'notify.' })).toEqual([])
      },
    )

    h.test(
      'keeps a note on a held row without giving up the lease; refuses it from another worker',
      async () => {
        const [row] = rows(1)
        await h.store().enqueue([row as OutboxRowInput], { now: later(0) })
        const now = new Date().toISOString()
        const [claimed] = await h.store().claimOutbox({ workerId: 'w1', limit: 1, leaseMs: 60_000, now })
        if (!claimed) throw new Error('nothing claimed')
        await h.store().noteOutbox({ id: claimed.id, workerId: 'w1', note: 'attempt 1: calling twilio', now })
        const [stored] = await h.store().listOutbox({ state: 'pending' })
        expect(stored).toMatchObject({ lastError: 'attempt 1: calling twilio', leaseOwner: 'w1' })
        const stolen = await h
          .store()
          .noteOutbox({ id: claimed.id, workerId: 'w2', note: 'mine', now })
          .catch((e: unknown) => e)
        expect(isWismoError(stolen, 'STORE_LEASE_LOST')).toBe(true)
        await h.store().completeOutbox({ id: claimed.id, workerId: 'w1', providerMessageId: 'SM1', now })
      },
    )

    h.test('never hands one row to two concurrent claimers', async () => {
      await h.store().enqueue(rows(30), { now: later(0) })
      const now = new Date().toISOString()
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          h.store().claimOutbox({ workerId: `w${i}`, limit: 10, leaseMs: 60_000, now }),
        ),
      )
      const ids = claims.flat().map((r) => r.id)
      expect(ids).toHaveLength(30)
      expect(new Set(ids).size).toBe(30)
      for (const [i, claim] of claims.entries()) for (const row of claim) expect(row.leaseOwner).toBe(`w${i}`)
    })

    h.test('lets another worker re-claim a row whose lease expired', async () => {
      await h.store().enqueue(rows(1), { now: later(0) })
      const claimedAt = Date.now()
      const [first] = await h
        .store()
        .claimOutbox({ workerId: 'crashed', limit: 5, leaseMs: h.leaseMs, now: new Date().toISOString() })
      expect(first).toBeDefined()
      const meanwhile = await h
        .store()
        .claimOutbox({ workerId: 'other', limit: 5, leaseMs: 60_000, now: new Date().toISOString() })
      // The lease runs on the database's clock: on a busy machine the short lease may already be
      // over here, so "still leased" is only checked while it surely runs.
      if (Date.now() - claimedAt < h.leaseMs) expect(meanwhile).toEqual([])
      if (meanwhile.length === 0) await sleep(h.leaseMs + 20)
      const [again] = meanwhile.length
        ? meanwhile
        : await h
            .store()
            .claimOutbox({ workerId: 'other', limit: 5, leaseMs: 60_000, now: new Date().toISOString() })
      expect(again?.id).toBe(first?.id)
      expect(again?.attempts).toBe(2)
      await expect(
        h.store().completeOutbox({ id: first?.id ?? '', workerId: 'crashed', now: new Date().toISOString() }),
      ).rejects.toSatisfy((e) => isWismoError(e, 'STORE_LEASE_LOST'))
      await h.store().completeOutbox({
        id: again?.id ?? '',
        workerId: 'other',
        providerMessageId: 'msg-1',
        now: new Date().toISOString(),
      })
      const [done] = await h.store().listOutbox({ state: 'done' })
      expect(done).toMatchObject({ id: first?.id, providerMessageId: 'msg-1', state: 'done' })
    })

    h.test('retries a failed row later and buries a dead one', async () => {
      await h.store().enqueue(rows(2), { now: later(0) })
      const now = new Date().toISOString()
      const [a, b] = await h.store().claimOutbox({ workerId: 'w', limit: 2, leaseMs: 60_000, now })
      await h
        .store()
        .failOutbox({ id: a?.id ?? '', workerId: 'w', error: 'SMTP 451', retryAt: later(60_000), now })
      await h.store().failOutbox({ id: b?.id ?? '', workerId: 'w', error: 'bad address', retryAt: null, now })
      expect(
        await h
          .store()
          .claimOutbox({ workerId: 'w2', limit: 5, leaseMs: 1000, now: new Date().toISOString() }),
      ).toEqual([])
      const retried = await h
        .store()
        .claimOutbox({ workerId: 'w2', limit: 5, leaseMs: 1000, now: later(61_000) })
      expect(retried.map((r) => r.id)).toEqual([a?.id])
      expect(retried[0]?.lastError).toBe('SMTP 451')
      expect((await h.store().listOutbox({ state: 'dead' })).map((r) => r.id)).toEqual([b?.id])
    })

    h.test('takes back the attempt of a hand-out that tried nothing (countAttempt: false)', async () => {
      await h.store().enqueue(rows(1), { now: later(0) })
      const claim = (at: number, maxAttempts?: number) =>
        h.store().claimOutbox({ workerId: 'w', limit: 1, leaseMs: 60_000, now: later(at), maxAttempts })
      const [first] = await claim(1)
      expect(first?.attempts).toBe(1)
      const id = first?.id ?? ''
      // Paused (no provider called): the attempt is taken back, twice over.
      for (const at of [1, 2]) {
        if (at === 2) expect((await claim(10_001, 1)).map((r) => r.attempts)).toEqual([1])
        await h.store().failOutbox({
          id,
          workerId: 'w',
          error: 'paused',
          retryAt: later(at * 10_000),
          now: later(at),
          countAttempt: false,
        })
      }
      // Still claimable under maxAttempts: 1, since no hand-out counted.
      const [again] = await claim(20_001, 1)
      expect(again).toMatchObject({ id, attempts: 1, lastError: 'paused' })
      // The default counts the attempt.
      await h
        .store()
        .failOutbox({ id, workerId: 'w', error: 'SMTP 451', retryAt: later(30_000), now: later(3) })
      expect((await claim(30_001)).map((r) => r.attempts)).toEqual([2])
    })
  })

  describe('poll claims', () => {
    h.test('hands a due shipment to one worker at a time and honours the next poll time', async () => {
      const due = shipmentFixture()
      const future = shipmentFixture()
      const done = shipmentFixture({ status: 'delivered' })
      const now = new Date().toISOString()
      await h
        .store()
        .commit({ shipment: due, expectedVersion: null, events: [], outbox: [], nextPollAt: now })
      await h.store().commit({
        shipment: future,
        expectedVersion: null,
        events: [],
        outbox: [],
        nextPollAt: later(3_600_000),
      })
      await h
        .store()
        .commit({ shipment: done, expectedVersion: null, events: [], outbox: [], nextPollAt: now })
      const claims = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          h.store().claimDuePolls({ workerId: `p${i}`, limit: 10, leaseMs: 60_000, now: later(1) }),
        ),
      )
      expect(claims.flat().map((s) => s.id)).toEqual([due.id])
      const owner = `p${claims.findIndex((c) => c.length === 1)}`
      await expect(
        h.store().completePoll({ shipmentId: due.id, workerId: 'intruder', nextPollAt: null }),
      ).rejects.toSatisfy((e) => isWismoError(e, 'STORE_LEASE_LOST'))
      await h.store().completePoll({ shipmentId: due.id, workerId: owner, nextPollAt: later(1000) })
      expect(
        await h.store().claimDuePolls({ workerId: 'x', limit: 10, leaseMs: 1000, now: later(1) }),
      ).toEqual([])
      expect(
        (await h.store().claimDuePolls({ workerId: 'x', limit: 10, leaseMs: 1000, now: later(2000) })).map(
          (s) => s.id,
        ),
      ).toEqual([due.id])
    })

    h.test('re-offers a poll whose lease expired', async () => {
      const shipment = shipmentFixture()
      await h.store().commit({ shipment, expectedVersion: null, events: [], outbox: [] })
      await h.store().schedulePoll(shipment.id, new Date().toISOString())
      const first = await h
        .store()
        .claimDuePolls({ workerId: 'a', limit: 1, leaseMs: h.leaseMs, now: later(1) })
      expect(first).toHaveLength(1)
      await sleep(h.leaseMs + 20)
      const second = await h
        .store()
        .claimDuePolls({ workerId: 'b', limit: 1, leaseMs: 60_000, now: new Date().toISOString() })
      expect(second.map((s) => s.id)).toEqual([shipment.id])
    })
  })
}
