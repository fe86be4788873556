import type { LabelClaim } from '@wismo/core'
import { describe, expect } from 'vitest'
import { codeOf, type Harness } from './harness.ts'

/** A fixed start: leases are compared with the caller's clock, never the machine's. */
const T0 = Date.parse('2026-03-02T12:00:00.000Z')
const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString()
const fresh = () => `label:${Math.random().toString(36).slice(2)}`

const claimOf = (key: string, owner: string, now = at(0)): LabelClaim => ({
  key,
  orderId: 'A-1001',
  carrier: 'sandbox',
  owner,
  leaseMs: 60_000,
  now,
})

/**
 * Label requests (`claimLabelRequest`, `saveLabelRequest`): the row `wismo.createShipment`
 * keeps before it buys, so one order's label is bought once however often the call is retried.
 */
export function labelCases(h: Harness): void {
  describe('label requests', () => {
    h.test('creates a request on the first claim and leases it to that owner only', async () => {
      const key = fresh()
      const first = await h.store().claimLabelRequest(claimOf(key, 'w1'))
      expect(first.held).toBe(true)
      expect(first.request).toMatchObject({ key, orderId: 'A-1001', state: 'new', leaseOwner: 'w1' })
      const second = await h.store().claimLabelRequest(claimOf(key, 'w2', at(1000)))
      expect(second).toMatchObject({ held: false, request: { leaseOwner: 'w1' } })
      // The same owner may claim again (a retry in the same process).
      expect((await h.store().claimLabelRequest(claimOf(key, 'w1', at(2000)))).held).toBe(true)
    })

    h.test('lets another owner take an expired lease, and refuses the old owner’s save after', async () => {
      const key = fresh()
      await h.store().claimLabelRequest(claimOf(key, 'w1'))
      const taken = await h.store().claimLabelRequest(claimOf(key, 'w2', at(60_001)))
      expect(taken).toMatchObject({ held: true, request: { leaseOwner: 'w2' } })
      const save = { key, owner: 'w1', state: 'quoted' as const, data: { ref: 'x' }, now: at(60_002) }
      expect(await codeOf(h.store().saveLabelRequest(save))).toBe('STORE_LEASE_LOST')
    })

    h.test('keeps each step, and a done request is never leased again', async () => {
      const key = fresh()
      await h.store().claimLabelRequest(claimOf(key, 'w1'))
      const data = { quote: { ref: 'shp_1', rates: [{ id: 'r1', amount: 4.5 }] }, note: 'ü → ✓' }
      const quoted = await h
        .store()
        .saveLabelRequest({ key, owner: 'w1', state: 'quoted', data, now: at(10) })
      expect(quoted).toMatchObject({ state: 'quoted', data, leaseOwner: 'w1' })
      const done = await h
        .store()
        .saveLabelRequest({ key, owner: 'w1', state: 'done', data, shipmentId: 'shp_x', now: at(20) })
      expect(done).toMatchObject({ state: 'done', shipmentId: 'shp_x', leaseOwner: null, leaseUntil: null })
      expect(await h.store().getLabelRequest(key)).toEqual(done)
      const later = await h.store().claimLabelRequest(claimOf(key, 'w2', at(3_600_000)))
      expect(later).toEqual({ held: false, request: done })
    })

    h.test('of many concurrent first claimers exactly one holds the lease', async () => {
      const key = fresh()
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => h.store().claimLabelRequest(claimOf(key, `w${i}`))),
      )
      expect(results.filter((r) => r.held)).toHaveLength(1)
      const owner = results.find((r) => r.held)?.request.leaseOwner
      expect((await h.store().getLabelRequest(key))?.leaseOwner).toBe(owner)
    })

    h.test('answers null for an unknown request and refuses bad input with INPUT_INVALID', async () => {
      expect(await h.store().getLabelRequest(fresh())).toBeNull()
      expect(await codeOf(h.store().claimLabelRequest({ ...claimOf(fresh(), 'w1'), now: 'yesterday' }))).toBe(
        'INPUT_INVALID',
      )
      expect(await codeOf(h.store().claimLabelRequest({ ...claimOf('', 'w1') }))).toBe('INPUT_INVALID')
      const save = { key: fresh(), owner: 'w1', state: 'quoted' as const, data: {}, now: at(0) }
      expect(await codeOf(h.store().saveLabelRequest(save))).toBe('STORE_NOT_FOUND')
    })

    h.testRestart('keeps label requests across a restart', async (reopen) => {
      const key = fresh()
      await h.store().claimLabelRequest(claimOf(key, 'w1'))
      await h
        .store()
        .saveLabelRequest({ key, owner: 'w1', state: 'bought', data: { label: 'x' }, now: at(5) })
      const store = await reopen()
      expect(await store.getLabelRequest(key)).toMatchObject({ state: 'bought', data: { label: 'x' } })
    })
  })
}
