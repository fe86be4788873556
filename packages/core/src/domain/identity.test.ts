import { describe, expect, it } from 'vitest'
import { dedupKey, ScanIndex, scanContent } from './dedup.ts'
import { shipmentState } from './pieces.ts'
import { CarrierTimeSchema, TrackingUpdateSchema } from './schemas.ts'
import { deriveState, FUTURE_SCAN_TOLERANCE_MS, isPlausibleScan } from './state-machine.ts'
import type { Status } from './status.ts'
import { canonicalTime, carrierTimeProblem } from './time.ts'
import { normalizeTrackingNumber, TrackingNumberSchema } from './tracking-number.ts'

const scan = (status: Status, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  status,
  rawCode: status.toUpperCase(),
  rawText: status,
  occurredAt,
  location: { city: 'Memphis', country: 'US' },
  subStatus: null,
  dedupKey: `${status}@${occurredAt}`,
  receivedAt: '2026-03-10T00:00:00.000Z',
  ...extra,
})

describe('tracking numbers: one normalization and one rule for every entry point', () => {
  it('normalizes spaces, dashes and case the same at registration and ingest', () => {
    expect(normalizeTrackingNumber(' acme 0000-0003 ')).toBe('ACME00000003')
    const update = TrackingUpdateSchema.parse({
      carrier: 'acme',
      trackingNumber: 'acme 0000 0003',
      source: 'poll',
      events: [],
    })
    expect(update.trackingNumber).toBe('ACME00000003')
  })

  it('accepts one character (EasyPost test code `1`) and refuses what is not a number, with the reason', () => {
    expect(TrackingNumberSchema.parse('1')).toBe('1')
    for (const [bad, words] of [
      ['', 'at least one'],
      [' - ', 'at least one'],
      ['HK\u202e1', 'letters and digits'],
      ['X'.repeat(61), 'at most 60'],
    ] as const) {
      const r = TrackingNumberSchema.safeParse(bad)
      expect(r.success).toBe(false)
      expect(r.error?.issues[0]?.message).toContain(words)
    }
  })
})

describe('carrier times', () => {
  it('tells a far-future year from a wrong format', () => {
    expect(carrierTimeProblem('9999-01-01T00:00:00Z')).toBe('year 9999 is outside 1970–2200')
    expect(carrierTimeProblem('yesterday')).toContain('expected YYYY-MM-DD')
    expect(carrierTimeProblem('2026-02-30')).toBe('not a real date or time of day')
    expect(CarrierTimeSchema.safeParse('9999-01-01').error?.issues[0]?.message).toContain('year 9999')
  })

  it('spells one instant once whatever its notation, keeping dates and local times apart', () => {
    const one = [
      '2026-03-08T14:00:00Z',
      '2026-03-08T14:00:00+00:00',
      '2026-03-08T14:00:00.000Z',
      '2026-03-08T09:00:00-05:00',
    ]
    expect(new Set(one.map(canonicalTime)).size).toBe(1)
    expect(canonicalTime('2026-03-08T14:00:00')).not.toBe(canonicalTime('2026-03-08T14:00:00Z'))
    expect(canonicalTime('2026-03-08')).not.toBe(canonicalTime('2026-03-08T00:00:00Z'))
  })
})

describe('dedup keys from a scan content', () => {
  it('gives one key to one scan in any notation, source or location spelling', async () => {
    const a = await dedupKey(scan('in_transit', '2026-03-08T14:00:00Z'))
    const b = await dedupKey(
      scan('in_transit', '2026-03-08T09:00:00-05:00', { location: { city: ' MEMPHIS ', country: 'us' } }),
    )
    expect(a).toBe(b)
    expect(a).toMatch(/^h:[0-9a-f]{40}$/)
  })

  it('tells apart scans that differ in milestone, code, place or piece', async () => {
    const base = scan('in_transit', '2026-03-08T14:00:00Z')
    const keys = await Promise.all(
      [
        base,
        { ...base, status: 'out_for_delivery' as const },
        { ...base, rawCode: 'OTHER' },
        { ...base, location: { city: 'Louisville' } },
        { ...base, piece: 'P1' },
      ].map(dedupKey),
    )
    expect(new Set(keys).size).toBe(5)
  })

  it('matches a stored scan by its content, and by the provider event id when the content changed', () => {
    const stored = {
      ...scan('in_transit', '2026-03-08T14:00:00Z'),
      dedupKey: 'ups:id:old-format',
      providerEventId: 'evt_1',
    }
    const index = new ScanIndex([stored])
    expect(index.has({ ...scan('in_transit', '2026-03-08T15:00:00+01:00'), dedupKey: 'h:new' })).toBe(true)
    expect(
      index.has({ ...scan('in_transit', '2026-03-08T14:05:00Z'), dedupKey: 'h:x', providerEventId: 'evt_1' }),
    ).toBe(true)
    expect(index.has({ ...scan('in_transit', '2026-03-08T14:05:00Z'), dedupKey: 'h:y' })).toBe(false)
    expect(scanContent(stored)).toContain('i:')
  })
})

describe('scans dated implausibly far in the future', () => {
  it('never drive the status, while scans a day ahead (zones, local times) still do', () => {
    const history = [scan('in_transit', '2026-03-09T08:00:00Z'), scan('delivered', '2099-01-01T00:00:00Z')]
    expect(deriveState(history)).toMatchObject({ status: 'in_transit', lastEventAt: '2026-03-09T08:00:00Z' })
    expect(isPlausibleScan(scan('delivered', '2026-03-11T13:00:00'))).toBe(true)
    const limit = new Date(
      Date.parse('2026-03-10T00:00:00Z') + FUTURE_SCAN_TOLERANCE_MS + 60_000,
    ).toISOString()
    expect(isPlausibleScan(scan('delivered', limit))).toBe(false)
  })
})

describe('multi-piece shipments', () => {
  const pieces = ['P1', 'P2']
  it('shows the least advanced piece and is delivered when every piece is', () => {
    const moving = [scan('in_transit', '2026-03-08T08:00:00Z')]
    const one = [...moving, scan('delivered', '2026-03-09T08:00:00Z', { piece: 'P1' })]
    expect(shipmentState(one, pieces, 'M1').state.status).toBe('in_transit')
    expect(shipmentState(one, pieces, 'M1').deliveredAt).toBeNull()
    const both = [...one, scan('delivered', '2026-03-09T16:00:00Z', { piece: 'P2' })]
    const done = shipmentState(both, pieces, 'M1')
    expect(done.state).toMatchObject({ status: 'delivered', statusChangedAt: '2026-03-09T16:00:00Z' })
    expect(done.deliveredAt).toBe('2026-03-09T16:00:00Z')
    expect(done.pieces?.map((p) => p.status)).toEqual(['delivered', 'delivered'])
  })

  it('puts a piece in trouble before pieces that move, and a declared piece never scanned holds it back', () => {
    const history = [
      scan('in_transit', '2026-03-08T08:00:00Z', { piece: 'P1' }),
      scan('exception', '2026-03-08T09:00:00Z', { piece: 'P2', subStatus: 'damaged' }),
    ]
    expect(shipmentState(history, [], 'M1').state).toMatchObject({
      status: 'exception',
      subStatus: 'damaged',
    })
    const delivered = [scan('delivered', '2026-03-09T08:00:00Z', { piece: 'P1' })]
    expect(shipmentState(delivered, ['P1', 'P3'], 'M1').state.status).toBe('pending')
  })

  it('treats a single parcel (or a piece named like the master number) as no pieces', () => {
    const history = [scan('delivered', '2026-03-09T08:00:00Z', { piece: 'M1' })]
    expect(shipmentState(history, [], 'M1')).toMatchObject({
      pieces: undefined,
      deliveredAt: '2026-03-09T08:00:00Z',
    })
  })
})
