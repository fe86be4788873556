import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { batches, scanOf } from '../domain/arbitraries.test-helpers.ts'
import { ScanIndex } from '../domain/dedup.ts'
import type { ParsedTrackingUpdate, Shipment, TrackingEvent } from '../domain/schemas.ts'
import { STATUSES } from '../domain/status.ts'
import { HistoryView } from './history-view.ts'
import { orphanShipment } from './ingest.ts'
import { planIngest, planStep } from './plan.ts'

const OWN = 'SBX1'

/**
 * Scans of every kind the state rules treat apart: unmapped ones, pieces (and the master number
 * named as a piece), scans dated implausibly far past their receipt, scans relayed by another
 * adapter, repeated provider ids.
 */
const scansArb = fc
  .uniqueArray(
    fc.record({
      status: fc.constantFrom(...STATUSES),
      subStatus: fc.option(fc.constantFrom('unmapped', 'weather_delay', 'lost'), { nil: null }),
      minute: fc.integer({ min: 0, max: 6 * 24 * 60 }),
      zone: fc.constantFrom('Z', '-05:00', ''),
      piece: fc.option(fc.constantFrom('P1', 'P2', OWN), { nil: undefined, freq: 4 }),
      future: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      via: fc.option(fc.constant('aggregator'), { nil: undefined, freq: 6 }),
    }),
    { maxLength: 14, selector: (e) => `${e.minute}${e.zone}${e.status}${e.piece}` },
  )
  .map((list) =>
    list.map((e, i) =>
      scanOf(e, {
        dedupKey: `h:${String(i).padStart(40, '0')}`,
        providerEventId: `p${i}`,
        // A receipt 3 days before the scan's own date makes it implausible (future-dated).
        receivedAt: e.future ? '2026-02-20T00:00:00.000Z' : '2026-03-09T00:00:00.000Z',
        ...(e.piece ? { piece: e.piece } : {}),
        ...(e.via ? { via: e.via } : {}),
      }),
    ),
  )

/** The scans in some arrival order (with repeats), cut into batches. */
const arrivalsArb = scansArb.chain((scans) =>
  fc.tuple(
    fc.constant(scans),
    fc.shuffledSubarray([...scans, ...scans], { minLength: 2 * scans.length }),
    fc.array(fc.nat(), { maxLength: 6 }),
  ),
)

const summary = (v: HistoryView, declared: readonly string[]) => ({
  keys: v.events.map((e) => e.dedupKey),
  plausible: v.plausible.map((e) => e.dedupKey),
  state: v.stateWith(declared),
  relayed: v.relayed,
})

describe('HistoryView (fast-check)', { timeout: 120_000 }, () => {
  it('grown batch by batch, in any order, equals the view of the whole history', () => {
    fc.assert(
      fc.property(arrivalsArb, fc.boolean(), ([scans, arrivals, cuts], declare) => {
        const declared = declare ? ['P1'] : []
        let view = HistoryView.of([], declared, OWN)
        for (const batch of batches(arrivals, cuts)) view = view.with(view.fresh(batch), declared)
        expect(summary(view, declared)).toEqual(summary(HistoryView.of(scans, declared, OWN), declared))
      }),
      { numRuns: 5_000 },
    )
  })

  it('plans the same ingests from a carried view as from the stored history read each time', () => {
    const update: ParsedTrackingUpdate = {
      carrier: 'sandbox',
      trackingNumber: OWN,
      source: 'webhook',
      events: [],
    }
    const start = orphanShipment(update, '2026-03-01T00:00:00.000Z')
    fc.assert(
      fc.property(arrivalsArb, ([, arrivals, cuts]) => {
        const input = (current: Shipment, stored: boolean, incoming: readonly TrackingEvent[]) => ({
          current,
          stored,
          incoming,
          update,
          now: '2026-03-09T00:00:00.000Z',
          purchasedAt: null,
        })
        let [read, carried] = [start, start]
        let history: TrackingEvent[] = []
        let view = HistoryView.of([], [], OWN)
        for (const batch of batches(arrivals, cuts)) {
          const a = planIngest({ ...input(read, history.length > 0 || read !== start, batch), history })
          const b = planStep(input(carried, carried !== start, batch), view)
          expect(b?.plan ?? null).toEqual(a)
          if (!a || !b) continue
          ;[read, carried, view] = [a.next, b.plan.next, b.view]
          history = [...history, ...a.newEvents]
        }
      }),
      { numRuns: 3_000 },
    )
  })
})

describe('ScanIndex.extend', () => {
  const scan = (i: number, providerEventId: string | null = null) => ({
    dedupKey: `h:${String(i).padStart(40, '0')}`,
    occurredAt: '2026-03-01T10:00:00Z',
    status: 'in_transit' as const,
    rawCode: 'AR',
    location: null,
    providerEventId,
  })

  it('sees what the index it extends holds; that one sees nothing added later and refuses additions', () => {
    const base = new ScanIndex([scan(1, 'p1')])
    const next = base.extend()
    next.add(scan(2))
    expect([next.has(scan(1)), next.has({ ...scan(9), providerEventId: 'p1' }), next.has(scan(2))]).toEqual([
      true,
      true,
      true,
    ])
    expect(base.has(scan(2))).toBe(false)
    expect(() => base.add(scan(3))).toThrow(TypeError)
  })

  it('keeps every scan across many extensions (its layers are merged along the way)', () => {
    let index = new ScanIndex()
    for (let i = 0; i < 100; i++) {
      index = index.extend()
      index.add(scan(i))
    }
    expect(Array.from({ length: 100 }, (_, i) => index.has(scan(i))).every(Boolean)).toBe(true)
    expect(index.has(scan(100))).toBe(false)
  })

  it('still matches scans stored under an older key format by content', () => {
    const legacy = { ...scan(0), dedupKey: 'sha1:old-format' }
    const index = new ScanIndex([legacy]).extend().extend()
    expect(index.has({ ...legacy, dedupKey: 'h:new' })).toBe(true)
  })
})
