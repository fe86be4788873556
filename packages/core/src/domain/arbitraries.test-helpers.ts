import fc from 'fast-check'
import type { TrackingEvent } from './schemas.ts'
import { STATUSES } from './status.ts'
import { canonicalTime } from './time.ts'

/** A carrier time `minute` minutes into March 2026, written with `zone` (empty: local time). */
export const timeOf = (minute: number, zone: string) =>
  `${new Date(Date.UTC(2026, 2, 1) + minute * 60_000).toISOString().slice(0, 19)}${zone}`

/** Histories of up to 12 scans over a few days, some sharing a timestamp. */
export function historyArb(maxLength = 12) {
  const event = fc.record({
    status: fc.constantFrom(...STATUSES),
    subStatus: fc.option(fc.constantFrom('weather_delay', 'address_issue', 'customs_hold'), { nil: null }),
    minute: fc.integer({ min: 0, max: 5 * 24 * 60 }),
    zone: fc.constantFrom('Z', '-05:00', '+09:30', ''),
  })
  return (
    fc
      // One scan per instant and milestone: two spellings of one instant are one scan (dedup by content).
      .uniqueArray(event, {
        maxLength,
        selector: (e) => `${canonicalTime(timeOf(e.minute, e.zone))}${e.status}`,
      })
      .map((list) => list.map((e, i) => scanOf(e, { dedupKey: `k${i}`, providerEventId: `k${i}` })))
  )
}

/** Split a list into consecutive batches at the given cut points (taken modulo its length + 1). */
export function batches<T>(list: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (list.length + 1)))].sort((a, b) => a - b)
  const out: T[][] = []
  let from = 0
  for (const p of [...points, list.length]) {
    out.push(list.slice(from, p))
    from = p
  }
  return out
}

/** A stored scan with a generated milestone, sub-status and time; `extra` sets the rest. */
export function scanOf(
  e: { status: TrackingEvent['status']; subStatus: string | null; minute: number; zone: string },
  extra: Partial<TrackingEvent> & Pick<TrackingEvent, 'dedupKey'>,
): TrackingEvent {
  return {
    shipmentId: 'shp_1',
    status: e.status,
    subStatus: e.subStatus,
    rawCode: e.status.toUpperCase(),
    rawText: e.status,
    occurredAt: timeOf(e.minute, e.zone),
    location: null,
    providerEventId: null,
    receivedAt: '2026-03-01T00:00:00.000Z',
    source: 'webhook',
    ...extra,
  }
}
