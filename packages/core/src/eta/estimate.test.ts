import { describe, expect, it } from 'vitest'
import type { Eta } from '../domain/schemas.ts'
import { createCalendar } from './calendar.ts'
import { type EtaInput, type EtaShipment, estimateEta, promiseRisk } from './estimate.ts'
import { createTransitModel } from './model.ts'

const DAY = 86_400_000
const utc = createCalendar({ timeZone: 'UTC' })
const T0 = Date.parse('2024-01-01T10:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

/** A model that has seen ~8 working days CA → NY. */
function model(zone = 'UTC') {
  const calendar = zone === 'UTC' ? utc : createCalendar({ timeZone: zone })
  const m = createTransitModel({ calendar: () => calendar })
  for (let i = 0; i < 200; i++) {
    const start = T0 + i * 0.6 * DAY
    const days = 8 + (((i * 7919) % 1000) / 1000 - 0.5) * 2
    const end = calendar.addWorkTime(calendar.transitStart(start), days)
    m.learn({
      shipmentId: `s${i}`,
      carrier: 'acme',
      service: null,
      originRegion: 'CA',
      destinationRegion: 'NY',
      purchasedAt: iso(start),
      handedOverAt: iso(start),
      deliveredAt: iso(end),
      promisedDate: null,
    })
  }
  return m
}

const NOW = '2024-05-01T09:00:00Z' // a Wednesday
const ship = (over: Partial<EtaShipment> = {}): EtaShipment => ({
  carrier: 'acme',
  service: null,
  origin: { region: 'CA' },
  destination: { region: 'NY' },
  status: 'in_transit',
  promisedDate: '2024-05-20',
  eta: null,
  purchasedAt: '2024-04-30T09:00:00Z',
  ...over,
})
const scans = [{ status: 'in_transit' as const, subStatus: null, occurredAt: '2024-04-30T15:00:00Z' }]
const base = (over: Partial<EtaInput> = {}): EtaInput => ({
  shipment: ship(),
  events: scans,
  model: model(),
  now: NOW,
  ...over,
})
const scheduled = (date: string, madeAt = NOW) => ({
  source: 'carrier_scheduled' as const,
  date,
  confidence: 0.6,
  madeAt,
})

describe('estimateEta and the blend rule', () => {
  it('leads with the model before hand-over and lists the shop promise too', () => {
    const eta = estimateEta(
      base({
        shipment: ship({ status: 'info_received' }),
        events: [],
        carrierEstimates: [{ source: 'carrier_guaranteed', date: '2024-05-03', confidence: 0.95 }],
      }),
    )
    expect(eta.best?.source).toBe('model')
    expect(eta.best?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(
      eta.best?.earliest &&
        eta.best.latest &&
        eta.best.earliest <= eta.best.date &&
        eta.best.date <= eta.best.latest,
    ).toBe(true)
    expect(eta.estimates.map((e) => e.source).sort()).toEqual([
      'carrier_guaranteed',
      'host_promised',
      'model',
    ])
  })

  it('in transit, takes the carrier’s scheduled date when it lies inside the model’s window, else the model', () => {
    const model = estimateEta(base()).best
    const inside = estimateEta(base({ carrierEstimates: [scheduled(model?.date as string)] })).best
    expect(inside?.source).toBe('carrier_scheduled')
    expect(inside?.confidence).toBe(0.8)
    expect(estimateEta(base({ carrierEstimates: [scheduled('2024-07-30')] })).best?.source).toBe('model')
  })

  it('in transit, trusts a carrier guarantee or reschedule over the model', () => {
    const eta = estimateEta(
      base({ carrierEstimates: [{ source: 'carrier_guaranteed', date: '2024-06-28', confidence: 0.95 }] }),
    )
    expect(eta.best).toMatchObject({ source: 'carrier_guaranteed', date: '2024-06-28' })
  })

  it('out for delivery, trusts the carrier’s same-day window, else says today', () => {
    const ofd = ship({ status: 'out_for_delivery' })
    const window = {
      source: 'carrier_window' as const,
      date: '2024-05-01',
      earliest: '2024-05-01T14:00',
      latest: '2024-05-01T18:00',
      confidence: 0.9,
    }
    expect(estimateEta(base({ shipment: ofd, carrierEstimates: [window] })).best).toMatchObject({
      source: 'carrier_window',
      latest: '2024-05-01T18:00',
    })
    expect(estimateEta(base({ shipment: ofd })).best).toMatchObject({
      source: 'model',
      date: '2024-05-01',
      latest: '2024-05-01',
    })
  })

  it('uses the destination’s local date for "today" and keeps carrier dates as given', () => {
    const late = '2024-05-06T20:00:00Z' // already the 7th in Auckland
    const eta = estimateEta(
      base({ shipment: ship({ status: 'out_for_delivery' }), model: model('Pacific/Auckland'), now: late }),
    )
    expect(eta.best?.date).toBe('2024-05-07')
    const carrier = estimateEta(
      base({
        model: model('Pacific/Kiritimati'),
        carrierEstimates: [{ source: 'carrier_rescheduled', date: '2024-05-09', confidence: 0.7 }],
      }),
    )
    expect(carrier.best?.date).toBe('2024-05-09')
  })

  it('ignores carrier dates already in the past', () => {
    expect(
      estimateEta(
        base({ carrierEstimates: [{ source: 'carrier_guaranteed', date: '2024-04-29', confidence: 0.95 }] }),
      ).best?.source,
    ).toBe('model')
  })

  it('turns a later scheduled date into a reschedule and keeps the revision history', () => {
    const first = estimateEta(
      base({ carrierEstimates: [{ source: 'carrier_guaranteed', date: '2024-05-10', confidence: 0.9 }] }),
    )
    expect(first.revisions).toEqual([])
    const same = estimateEta(base({ shipment: ship({ eta: first }), now: '2024-05-02T09:00:00Z' }))
    expect(same.best).toBe(first.best)
    expect(same.revisions).toEqual([])
    const s1 = estimateEta(
      base({
        shipment: ship({ eta: { best: null, estimates: [], revisions: [] } }),
        carrierEstimates: [scheduled('2024-05-09', '2024-05-01T08:00:00Z')],
      }),
    )
    const s2 = estimateEta(
      base({
        shipment: ship({ eta: s1 }),
        carrierEstimates: [scheduled('2024-05-14', '2024-05-02T08:00:00Z')],
        now: '2024-05-02T09:00:00Z',
      }),
    )
    expect(s2.best).toMatchObject({ source: 'carrier_rescheduled', date: '2024-05-14' })
    expect(s2.revisions).toEqual([s1.best])
  })

  it('leaves a delivered shipment’s ETA as it was', () => {
    const eta: Eta = {
      best: { source: 'model', date: '2024-05-03', confidence: 0.8, madeAt: NOW },
      estimates: [],
      revisions: [],
    }
    expect(estimateEta(base({ shipment: ship({ status: 'delivered', eta }) }))).toBe(eta)
  })

  it('falls back to the shop promise without a model', () => {
    expect(estimateEta(base({ model: null, shipment: ship({ status: 'pending' }) })).best).toMatchObject({
      source: 'host_promised',
      date: '2024-05-20',
    })
  })

  it('gives the risk of missing the promise', () => {
    expect(promiseRisk(base({ shipment: ship({ promisedDate: '2024-05-02' }) }))).toBeGreaterThan(0.9)
    expect(promiseRisk(base({ shipment: ship({ promisedDate: '2024-06-30' }) }))).toBeLessThan(0.05)
    expect(promiseRisk(base({ shipment: ship({ promisedDate: null }) }))).toBeNull()
  })

  it('rejects bad options and times', () => {
    expect(() => estimateEta(base({ options: { interval: [0.6, 0.9] } }))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
    expect(() => estimateEta(base({ now: '2024-05-01 09:00' }))).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    )
  })
})
