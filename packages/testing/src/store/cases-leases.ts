import { isWismoError, type OutboxRowInput } from '@wismo/core'
import { describe, expect } from 'vitest'
import { shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

const HOUR = 3_600_000
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const row = (): OutboxRowInput => ({
  idempotencyKey: `lease-${Math.random().toString(36).slice(2)}`,
  shipmentId: null,
  topic: 'test',
  payload: {},
})

/**
 * The cases that need a database clock: a store shared by processes decides lease expiry by it,
 * never by the caller's `now`. A single-process store (memory) skips them, giving that reason.
 * @example testStore({ name: 'my-memory', create, skip: [{ reason: 'one process, no database clock', tests: DATABASE_CLOCK_CASES }] })
 */
export const DATABASE_CLOCK_CASES: readonly string[] = [
  'keeps a live lease from a worker whose clock runs far ahead (database clock)',
  'ends a lease by the database clock whatever the holder’s clock says',
]

/** Lease renewal, attempts counted at claim, and whose clock decides what. */
export function leaseCases(h: Harness): void {
  describe('outbox leases', () => {
    h.test('renews a held lease from now, for the worker holding it only', async () => {
      await h.store().enqueue([row()], { now: at(0) })
      const [claimed] = await h.store().claimOutbox({ workerId: 'w', limit: 1, leaseMs: 60_000, now: at(0) })
      const id = claimed?.id ?? ''
      expect(
        await h.store().renewOutboxLease({ ids: [id], workerId: 'intruder', leaseMs: HOUR, now: at(0) }),
      ).toEqual([])
      expect(
        await h.store().renewOutboxLease({ ids: [id], workerId: 'w', leaseMs: HOUR, now: at(0) }),
      ).toEqual([id])
      const [stored] = await h.store().listOutbox({})
      expect(stored?.leaseOwner).toBe('w')
      expect(Date.parse(stored?.leaseUntil ?? '')).toBeGreaterThan(
        Date.parse(claimed?.leaseUntil ?? '') + HOUR / 2,
      )
      // Past the claim's 60 s lease, inside the renewed hour: nobody else gets the row.
      expect(
        await h.store().claimOutbox({ workerId: 'x', limit: 1, leaseMs: 1000, now: at(HOUR / 2) }),
      ).toEqual([])
      await h.store().completeOutbox({ id, workerId: 'w', now: at(0) })
    })

    h.test('renews nothing a worker no longer holds', async () => {
      const rows = [row(), row(), row()]
      await h.store().enqueue(rows, { now: at(0) })
      const claimed = await h.store().claimOutbox({ workerId: 'w', limit: 3, leaseMs: 60_000, now: at(0) })
      const [done, failed, kept] = claimed.map((r) => r.id)
      await h.store().completeOutbox({ id: done ?? '', workerId: 'w', now: at(0) })
      await h
        .store()
        .failOutbox({ id: failed ?? '', workerId: 'w', error: 'x', retryAt: at(HOUR), now: at(0) })
      const ids = [done ?? '', failed ?? '', kept ?? '', 'obx_missing']
      expect(await h.store().renewOutboxLease({ ids, workerId: 'w', leaseMs: 60_000, now: at(0) })).toEqual([
        kept,
      ])
      expect(
        await h.store().renewOutboxLease({ ids: [], workerId: 'w', leaseMs: 60_000, now: at(0) }),
      ).toEqual([])
    })

    h.test('renews no lease that expired and was claimed by another worker', async () => {
      await h.store().enqueue([row()], { now: at(0) })
      const [first] = await h
        .store()
        .claimOutbox({ workerId: 'slow', limit: 1, leaseMs: h.leaseMs, now: at(0) })
      await sleep(h.leaseMs + 20)
      const [again] = await h
        .store()
        .claimOutbox({ workerId: 'other', limit: 1, leaseMs: 60_000, now: at(0) })
      expect(again?.id).toBe(first?.id)
      const ids = [first?.id ?? '']
      expect(
        await h.store().renewOutboxLease({ ids, workerId: 'slow', leaseMs: 60_000, now: at(0) }),
      ).toEqual([])
      expect((await h.store().listOutbox({}))[0]?.leaseOwner).toBe('other')
    })

    h.test(
      'counts an attempt at each claim and buries a row handed out maxAttempts times without an outcome',
      async () => {
        const doomed = row()
        await h.store().enqueue([doomed], { now: at(0) })
        const claim = (workerId: string, leaseMs = h.leaseMs) =>
          h.store().claimOutbox({ workerId, limit: 1, leaseMs, maxAttempts: 3, now: at(0) })
        for (const attempt of [1, 2, 3]) {
          // Each worker takes the row and dies: no complete, no fail.
          expect((await claim(`crash-${attempt}`)).map((r) => r.attempts)).toEqual([attempt])
          await sleep(h.leaseMs + 20)
        }
        const fresh = row()
        await h.store().enqueue([fresh], { now: at(0) })
        expect((await claim('next', 60_000)).map((r) => r.idempotencyKey)).toEqual([fresh.idempotencyKey])
        const [dead] = await h.store().listOutbox({ state: 'dead' })
        expect(dead).toMatchObject({ idempotencyKey: doomed.idempotencyKey, attempts: 3, leaseOwner: null })
        expect(dead?.lastError).toMatch(/^OUTBOX_ABANDONED: handed out 3 times and no outcome recorded/)
        const probe = h.probe()
        if (probe?.outboxState)
          expect(await probe.outboxState(doomed.idempotencyKey)).toMatchObject({ state: 'dead', attempts: 3 })
      },
    )

    h.test('never buries a row at maxAttempts while its lease is live', async () => {
      await h.store().enqueue([row()], { now: at(0) })
      const claim = (workerId: string) =>
        h.store().claimOutbox({ workerId, limit: 1, leaseMs: 60_000, maxAttempts: 1, now: at(0) })
      expect(await claim('sending')).toHaveLength(1)
      expect(await claim('other')).toEqual([])
      expect(await h.store().listOutbox({ state: 'dead' })).toEqual([])
      expect((await h.store().listOutbox({}))[0]).toMatchObject({ state: 'pending', leaseOwner: 'sending' })
    })

    h.test('takes createdAt and the default availableAt from the given now', async () => {
      const now = '2031-05-06T07:08:09.000Z'
      const given = {
        ...row(),
        idempotencyKey: `given-${Math.random()}`,
        availableAt: '2031-05-06T08:00:00.000Z',
      }
      await h.store().enqueue([row(), given], { now })
      const stored = await h.store().listOutbox({})
      expect(stored.map((r) => [r.createdAt, r.availableAt])).toEqual(
        expect.arrayContaining([
          [now, now],
          [now, given.availableAt],
        ]),
      )
      expect(await h.store().claimOutbox({ workerId: 'w', limit: 5, leaseMs: 1000, now: at(0) })).toEqual([])
      expect(await h.store().claimOutbox({ workerId: 'w', limit: 5, leaseMs: 1000, now })).toHaveLength(1)
    })
  })

  describe('lease clocks', () => {
    h.test(DATABASE_CLOCK_CASES[0] ?? '', async () => {
      await h.store().enqueue([row()], { now: at(0) })
      const [held] = await h.store().claimOutbox({ workerId: 'a', limit: 1, leaseMs: 60_000, now: at(0) })
      const ahead = at(24 * HOUR)
      expect(await h.store().claimOutbox({ workerId: 'b', limit: 1, leaseMs: 60_000, now: ahead })).toEqual(
        [],
      )
      const shipment = shipmentFixture()
      const due = at(0)
      await h.store().commit({ shipment, expectedVersion: null, events: [], outbox: [], nextPollAt: due })
      const polls = await h.store().claimDuePolls({ workerId: 'a', limit: 1, leaseMs: 60_000, now: at(1) })
      expect(polls.map((p) => [p.id, p.pollDueAt])).toEqual([[shipment.id, due]])
      expect(await h.store().claimDuePolls({ workerId: 'b', limit: 1, leaseMs: 60_000, now: ahead })).toEqual(
        [],
      )
      // The holder's own clock running ahead does not end its lease either.
      const ids = [held?.id ?? '']
      expect(await h.store().renewOutboxLease({ ids, workerId: 'a', leaseMs: 60_000, now: ahead })).toEqual(
        ids,
      )
      await h.store().completeOutbox({ id: held?.id ?? '', workerId: 'a', now: ahead })
    })

    h.test(DATABASE_CLOCK_CASES[1] ?? '', async () => {
      await h.store().enqueue([row()], { now: at(0) })
      const [held] = await h.store().claimOutbox({ workerId: 'a', limit: 1, leaseMs: h.leaseMs, now: at(0) })
      const shipment = shipmentFixture()
      await h.store().commit({ shipment, expectedVersion: null, events: [], outbox: [], nextPollAt: at(0) })
      expect(
        await h.store().claimDuePolls({ workerId: 'a', limit: 1, leaseMs: h.leaseMs, now: at(1) }),
      ).toHaveLength(1)
      await sleep(h.leaseMs + 20)
      const behind = at(-HOUR)
      const ids = [held?.id ?? '']
      expect(await h.store().renewOutboxLease({ ids, workerId: 'a', leaseMs: 60_000, now: behind })).toEqual(
        [],
      )
      await expect(
        h.store().completeOutbox({ id: held?.id ?? '', workerId: 'a', now: behind }),
      ).rejects.toSatisfy((e) => isWismoError(e, 'STORE_LEASE_LOST'))
      expect(
        await h.store().claimOutbox({ workerId: 'b', limit: 1, leaseMs: 60_000, now: at(0) }),
      ).toHaveLength(1)
      expect(
        await h.store().claimDuePolls({ workerId: 'b', limit: 1, leaseMs: 60_000, now: at(0) }),
      ).toHaveLength(1)
    })
  })
}
