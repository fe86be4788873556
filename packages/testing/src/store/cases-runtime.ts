import { isWismoError, type OutboxRowInput } from '@wismo/core'
import { describe, expect } from 'vitest'
import { shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const NOW = Date.now()
/** An instant `offsetMs` from the suite's start, as an ISO string. */
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString()
const lost = (e: unknown) => isWismoError(e, 'STORE_LEASE_LOST')
let counter = 0
const row = (topic: string, availableAt: string): OutboxRowInput => ({
  idempotencyKey: `runtime-${counter++}-${Math.random().toString(36).slice(2)}`,
  shipmentId: null,
  topic,
  payload: { n: counter },
  availableAt,
})

/** `releaseLeases` and `outboxStats`: what a worker runtime asks when stopping and for health. */
export function runtimeCases(h: Harness): void {
  describe('releasing leases', () => {
    h.test('gives back only the worker’s own pending outbox rows and polls, at once', async () => {
      const store = h.store()
      // Oldest first, so each claim below takes a known row.
      const rows = [5, 4, 3, 2, 1].map((m) => row('test', at(-m * MINUTE)))
      const [noted, kept, done, dead, others] = rows
      await store.enqueue(rows, { now: at(0) })
      const mine = await store.claimOutbox({ workerId: 'w', limit: 4, leaseMs: HOUR, now: at(0) })
      const id = (key: string | undefined) => mine.find((r) => r.idempotencyKey === key)?.id ?? ''
      await store.noteOutbox({
        id: id(noted?.idempotencyKey),
        workerId: 'w',
        note: 'attempt 1: calling x',
        now: at(0),
      })
      await store.completeOutbox({ id: id(done?.idempotencyKey), workerId: 'w', now: at(0) })
      await store.failOutbox({
        id: id(dead?.idempotencyKey),
        workerId: 'w',
        error: 'no',
        retryAt: null,
        now: at(0),
      })
      const [theirs] = await store.claimOutbox({ workerId: 'x', limit: 1, leaseMs: HOUR, now: at(0) })
      const [a, b] = [shipmentFixture(), shipmentFixture()]
      for (const [shipment, due] of [
        [a, at(-2 * MINUTE)],
        [b, at(-MINUTE)],
      ] as const)
        await store.commit({ shipment, expectedVersion: null, events: [], outbox: [], nextPollAt: due })
      expect(
        (await store.claimDuePolls({ workerId: 'w', limit: 1, leaseMs: HOUR, now: at(0) })).map((s) => s.id),
      ).toEqual([a.id])
      expect(
        (await store.claimDuePolls({ workerId: 'x', limit: 1, leaseMs: HOUR, now: at(0) })).map((s) => s.id),
      ).toEqual([b.id])

      expect(await store.releaseLeases({ workerId: 'w', now: at(0) })).toEqual({ outbox: 2, polls: 1 })

      const byKey = new Map((await store.listOutbox({})).map((r) => [r.idempotencyKey, r]))
      expect(byKey.get(noted?.idempotencyKey ?? '')).toMatchObject({
        state: 'pending',
        attempts: 1,
        leaseOwner: null,
        leaseUntil: null,
        lastError: 'attempt 1: calling x',
      })
      expect(byKey.get(done?.idempotencyKey ?? '')).toMatchObject({ state: 'done' })
      expect(byKey.get(dead?.idempotencyKey ?? '')).toMatchObject({ state: 'dead', lastError: 'no' })
      expect(byKey.get(others?.idempotencyKey ?? '')).toMatchObject({ state: 'pending', leaseOwner: 'x' })
      // Another worker takes the released rows right away, well inside the hour-long leases.
      const next = await store.claimOutbox({ workerId: 'y', limit: 5, leaseMs: HOUR, now: at(0) })
      expect(next.map((r) => [r.idempotencyKey, r.attempts])).toEqual([
        [noted?.idempotencyKey, 2],
        [kept?.idempotencyKey, 2],
      ])
      expect(next[0]?.lastError).toBe('attempt 1: calling x')
      // The poll keeps its due time: not due before it, due (to another worker) at it.
      expect(
        await store.claimDuePolls({ workerId: 'y', limit: 5, leaseMs: HOUR, now: at(-3 * MINUTE) }),
      ).toEqual([])
      expect(
        (await store.claimDuePolls({ workerId: 'y', limit: 5, leaseMs: HOUR, now: at(0) })).map((s) => s.id),
      ).toEqual([a.id])
      const probe = h.probe()
      if (probe?.pollOwner) expect(await probe.pollOwner(a.id)).toBe('y')
      // The releasing worker holds nothing any more; the other worker's leases still stand.
      await expect(
        store.completeOutbox({ id: next[0]?.id ?? '', workerId: 'w', now: at(0) }),
      ).rejects.toSatisfy(lost)
      await expect(
        store.completePoll({ shipmentId: a.id, workerId: 'w', nextPollAt: null }),
      ).rejects.toSatisfy(lost)
      await store.completeOutbox({ id: theirs?.id ?? '', workerId: 'x', now: at(0) })
      await store.completePoll({ shipmentId: b.id, workerId: 'x', nextPollAt: null })
    })

    h.test('releases nothing for a worker holding nothing, and nothing twice', async () => {
      const store = h.store()
      expect(await store.releaseLeases({ workerId: 'idle', now: at(0) })).toEqual({ outbox: 0, polls: 0 })
      await store.enqueue([row('test', at(0))], { now: at(0) })
      await store.claimOutbox({ workerId: 'w', limit: 1, leaseMs: HOUR, now: at(0) })
      expect(await store.releaseLeases({ workerId: 'idle', now: at(0) })).toEqual({ outbox: 0, polls: 0 })
      expect((await store.listOutbox({}))[0]?.leaseOwner).toBe('w')
      expect(await store.releaseLeases({ workerId: 'w', now: at(0) })).toEqual({ outbox: 1, polls: 0 })
      expect(await store.releaseLeases({ workerId: 'w', now: at(0) })).toEqual({ outbox: 0, polls: 0 })
    })

    h.test('keeps a label purchase’s lease (a purchase in flight is not given back)', async () => {
      const store = h.store()
      const claim = { key: `lbl-${counter++}`, orderId: 'A-1', carrier: 'sandbox', leaseMs: HOUR, now: at(0) }
      expect((await store.claimLabelRequest({ ...claim, owner: 'w' })).held).toBe(true)
      expect(await store.releaseLeases({ workerId: 'w', now: at(0) })).toEqual({ outbox: 0, polls: 0 })
      expect((await store.claimLabelRequest({ ...claim, owner: 'other' })).held).toBe(false)
      expect((await store.getLabelRequest(claim.key))?.leaseOwner).toBe('w')
    })
  })

  describe('outbox stats', () => {
    h.test('reports an empty outbox as depth 0, no oldest row, age 0', async () => {
      const empty = { depth: 0, oldestAvailableAt: null, oldestAgeMs: 0 }
      expect(await h.store().outboxStats({ now: at(0) })).toEqual(empty)
      expect(await h.store().outboxStats({ now: at(0), topics: { prefix: 'notify.' } })).toEqual(empty)
    })

    h.test(
      'refuses a now that is not an instant (INPUT_INVALID), rather than reporting nothing waiting',
      async () => {
        await expect(h.store().outboxStats({ now: 'soon' })).rejects.toSatisfy((e) =>
          isWismoError(e, 'INPUT_INVALID'),
        )
      },
    )

    h.test(
      'counts pending rows by topic and ages the oldest available one; done, dead and later rows do not age it',
      async () => {
        const store = h.store()
        const buried = row('other.e', at(-30 * MINUTE))
        const sent = row('other.d', at(-20 * MINUTE))
        const leased = row('other.c', at(-10 * MINUTE))
        const notify = row('notify.a', at(-5 * MINUTE))
        const quiet = row('notify.b', at(HOUR))
        await store.enqueue([buried, sent, leased, notify, quiet], { now: at(-HOUR) })
        const claimed = await store.claimOutbox({ workerId: 'w', limit: 3, leaseMs: HOUR, now: at(0) })
        expect(claimed.map((r) => r.idempotencyKey)).toEqual(
          [buried, sent, leased].map((r) => r.idempotencyKey),
        )
        await store.failOutbox({
          id: claimed[0]?.id ?? '',
          workerId: 'w',
          error: 'no',
          retryAt: null,
          now: at(0),
        })
        await store.completeOutbox({ id: claimed[1]?.id ?? '', workerId: 'w', now: at(0) })

        // The leased row still counts and is the oldest available pending row.
        expect(await store.outboxStats({ now: at(0) })).toEqual({
          depth: 3,
          oldestAvailableAt: leased.availableAt,
          oldestAgeMs: 10 * MINUTE,
        })
        expect(await store.outboxStats({ now: at(0), topics: { prefix: 'notify.' } })).toEqual({
          depth: 2,
          oldestAvailableAt: notify.availableAt,
          oldestAgeMs: 5 * MINUTE,
        })
        expect(await store.outboxStats({ now: at(0), topics: { prefix: 'notify.', exclude: true } })).toEqual(
          {
            depth: 1,
            oldestAvailableAt: leased.availableAt,
            oldestAgeMs: 10 * MINUTE,
          },
        )
        // Before either notification is due, they count in the depth but nothing has waited.
        expect(await store.outboxStats({ now: at(-6 * MINUTE), topics: { prefix: 'notify.' } })).toEqual({
          depth: 2,
          oldestAvailableAt: null,
          oldestAgeMs: 0,
        })
        await store.completeOutbox({ id: claimed[2]?.id ?? '', workerId: 'w', now: at(0) })
        expect(await store.outboxStats({ now: at(0), topics: { prefix: 'notify.', exclude: true } })).toEqual(
          {
            depth: 0,
            oldestAvailableAt: null,
            oldestAgeMs: 0,
          },
        )
      },
    )
  })
}
