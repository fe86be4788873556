import { describe, expect, it } from 'vitest'
import { createCalendar } from './calendar.ts'
import { createTransitModel } from './model.ts'
import type { InFlightRecord } from './types.ts'
import { createVolumeTracker } from './volume.ts'

const DAY = 86_400_000
const HOUR = 3_600_000
const calendar = createCalendar({ timeZone: 'UTC' })
const T0 = Date.parse('2024-01-01T10:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()
const base = { carrier: 'acme', service: null, originRegion: 'CA', destinationRegion: 'NY' }
const order = (id: string, purchasedMs: number, handoverMs: number | null): InFlightRecord => ({
  ...base,
  shipmentId: id,
  purchasedAt: iso(purchasedMs),
  handedOverAt: handoverMs === null ? null : iso(handoverMs),
})

describe('order-volume congestion signal', () => {
  it('is unknown without history, about 0 at a steady rate and positive in a surge', () => {
    const v = createVolumeTracker(3)
    expect(v.congestion(T0)).toBeNull()
    for (let h = 0; h < 200 * 24; h += 6) v.add(T0 + h * HOUR)
    expect(Math.abs(v.congestion(T0 + 200 * DAY) ?? 9)).toBeLessThan(0.1)
    for (let h = 0; h < 3 * 24; h += 1) v.add(T0 + 200 * DAY + h * HOUR)
    expect(v.congestion(T0 + 203 * DAY) ?? 0).toBeGreaterThan(0.5)
  })

  it('learns that orders placed in a surge take longer (congestionHalfLifeDays)', () => {
    const model = createTransitModel({ calendar: () => calendar, congestionHalfLifeDays: 3 })
    let n = 0
    // 120 days: one order every 12 h taking 3 working days, with a 3-day surge every 20 days whose orders take 8.
    for (let h = 0; h < 120 * 24; h += 1) {
      const ms = T0 + h * HOUR
      const surge = Math.floor(h / 24) % 20 < 3
      if (!surge && h % 12 !== 0) continue
      const id = `o${n++}`
      model.track(order(id, ms, null))
      const days = surge ? 8 : 3
      const deliveredMs = calendar.addWorkTime(calendar.transitStart(ms), days)
      model.learn({ ...order(id, ms, null), deliveredAt: iso(deliveredMs), promisedDate: null })
    }
    const ask = (now: number) =>
      model.predict({
        shipment: base,
        from: 'purchase',
        startedAt: iso(now),
        now: iso(now),
        quantiles: [0.5],
      })?.quantiles[0]?.workDays ?? Number.NaN
    const calm = T0 + 130 * DAY
    const usual = ask(calm)
    expect(usual).toBeLessThan(5)
    for (let h = 0; h < 48; h++) model.track(order(`s${h}`, calm + h * HOUR, null)) // a new surge of orders
    expect(ask(calm + 48 * HOUR)).toBeGreaterThan(usual + 1)
  })
})

describe('handling + transit split (splitHandling)', () => {
  it('predicts from purchase as handling followed by transit', () => {
    const model = createTransitModel({ calendar: () => calendar, splitHandling: true })
    for (let i = 0; i < 120; i++) {
      const purchase = T0 + i * 0.5 * DAY
      const handover = calendar.addWorkTime(calendar.transitStart(purchase), 2)
      const deliveredMs = calendar.addWorkTime(calendar.transitStart(handover), 4)
      model.track(order(`o${i}`, purchase, null))
      model.track(order(`o${i}`, purchase, handover)) // hand-over seen: handling learned now
      model.learn({
        ...order(`o${i}`, purchase, handover),
        deliveredAt: iso(deliveredMs),
        promisedDate: null,
      })
    }
    const now = T0 + 80 * DAY
    const p = model.predict({
      shipment: base,
      from: 'purchase',
      startedAt: iso(now),
      now: iso(now),
      quantiles: [0.5],
    })
    expect(p?.quantiles[0]?.workDays).toBeGreaterThan(5)
    expect(p?.quantiles[0]?.workDays).toBeLessThan(7.5)
  })
})
