import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { batches, historyArb } from '../domain/arbitraries.test-helpers.ts'
import type { ParsedTrackingUpdate, Shipment, TrackingEvent } from '../domain/schemas.ts'
import { orphanShipment } from './ingest.ts'
import { planIngest } from './plan.ts'

const update: ParsedTrackingUpdate = {
  carrier: 'sandbox',
  trackingNumber: 'SBX1',
  source: 'webhook',
  events: [],
}

/** Feed batches through the pure pipeline the way ingest does (stored history grows, no-ops skipped). */
function replay(batches: readonly (readonly TrackingEvent[])[]): {
  shipment: Shipment
  history: TrackingEvent[]
  rows: number
  delivery: unknown
} {
  let shipment = orphanShipment(update, '2026-03-01T00:00:00.000Z')
  let stored = false
  let history: TrackingEvent[] = []
  let rows = 0
  let delivery: unknown = null
  for (const batch of batches) {
    const plan = planIngest({
      current: shipment,
      stored,
      history,
      incoming: batch,
      update,
      now: '2026-03-09T00:00:00.000Z',
      purchasedAt: null,
    })
    if (!plan) continue
    shipment = plan.next
    stored = true
    history = [...history, ...plan.newEvents]
    rows += plan.outbox.length
    if (plan.delivery !== undefined) delivery = plan.delivery
  }
  return { shipment, history, rows, delivery }
}

const view = (r: ReturnType<typeof replay>) => ({
  status: r.shipment.status,
  subStatus: r.shipment.subStatus,
  statusChangedAt: r.shipment.statusChangedAt,
  lastEventAt: r.shipment.lastEventAt,
  keys: r.history.map((e) => e.dedupKey).sort(),
  // each replay makes its own random shipment id; the record must match otherwise
  delivery: r.delivery && { ...(r.delivery as object), shipmentId: 'same' },
})

// Thousands of histories per property: seconds on a quiet machine, many times that on a busy one.
describe('ingest pipeline properties (fast-check, 10,000 histories each)', { timeout: 120_000 }, () => {
  it('reaches the same shipment whatever the arrival order, batching and duplicates', () => {
    fc.assert(
      fc.property(
        historyArb().chain((h) =>
          fc.tuple(
            fc.constant(h),
            fc.shuffledSubarray([...h, ...h, ...h], { minLength: 3 * h.length }),
            fc.array(fc.nat(), { maxLength: 6 }),
          ),
        ),
        ([history, arrivals, cuts]) => {
          const once = replay([history])
          const messy = replay(batches(arrivals, cuts))
          expect(view(messy)).toEqual(view(once))
          expect(messy.history).toHaveLength(history.length)
        },
      ),
      { numRuns: 10_000 },
    )
  })

  it('gives the same result replaying any prefix then the rest as replaying all', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), (history, cut) => {
        const at = cut % (history.length + 1)
        expect(view(replay([history.slice(0, at), history.slice(at)]))).toEqual(view(replay([history])))
      }),
      { numRuns: 10_000 },
    )
  })

  it('writes nothing for a batch it has already seen', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const first = replay([history])
        const again = replay([history, history])
        expect(again.shipment.version).toBe(first.shipment.version)
        expect(again.rows).toBe(first.rows)
      }),
      { numRuns: 2_000 },
    )
  })
})
