import { describe, expect, it } from 'vitest'
import { createQueueCongestion } from './congestion.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const T0 = Date.UTC(2017, 0, 2)

/** 10 deliveries a day, one every 2.4 h: any 7-day window holds exactly 70 (λ = 10/day). */
function steady(days: number, inFlight: number) {
  const queue = createQueueCongestion({ throughputDays: 7, baselineDays: 30 })
  const logs: number[] = []
  let next = T0
  for (let h = 0; h < days * 24; h++) {
    const now = T0 + h * HOUR
    while (next <= now) {
      queue.deliver(next)
      next += 2.4 * HOUR
    }
    logs.push(queue.observe(now, inFlight))
  }
  return { queue, logs, now: T0 + days * 24 * HOUR, next }
}

describe("Little's-law congestion", () => {
  it('is factor 1 in a steady state (L = 30, λ = 10/day: W = W_base = 3 days)', () => {
    const { logs } = steady(20, 30)
    // Before a whole throughput window and 48 hourly samples: unknown, factor 1.
    expect(logs.slice(0, 7 * 24).every((v) => v === 0)).toBe(true)
    expect(logs.slice(9 * 24).every((v) => Math.abs(v) < 1e-12)).toBe(true)
  })

  it('rises at once when arrivals spike: L doubles, λ unchanged → c = 2', () => {
    const { queue, now, next } = steady(20, 30)
    queue.deliver(next)
    expect(queue.observe(now, 60)).toBeCloseTo(Math.log(2), 12)
    // Far more than the clip: c is capped at 3.
    expect(queue.observe(now + HOUR, 3000)).toBeCloseTo(Math.log(3), 12)
    // Fewer in flight than usual: c = 15 / 30.
    expect(queue.observe(now + 2 * HOUR, 15)).toBeCloseTo(Math.log(0.5), 12)
  })

  it('is factor 1 with empty windows', () => {
    const queue = createQueueCongestion({ throughputDays: 7, baselineDays: 30 })
    expect(queue.observe(T0, 50)).toBe(0) // no delivery ever
    queue.deliver(T0)
    expect(queue.observe(T0 + 3 * DAY, 50)).toBe(0) // less than one throughput window of history
    expect(queue.observe(T0 + 30 * DAY, 50)).toBe(0) // no delivery in the last 7 days: λ = 0
    const { queue: busy, now } = steady(20, 30)
    expect(busy.observe(now, 0)).toBe(0) // nothing in flight
  })

  it('ignores deliveries after now and needs 48 hourly samples for a baseline', () => {
    const queue = createQueueCongestion({ throughputDays: 1, baselineDays: 30 })
    for (let h = 0; h < 24; h++) queue.deliver(T0 + h * HOUR)
    for (let h = 24; h < 24 + 47; h++) expect(queue.observe(T0 + h * HOUR, 5)).toBe(0)
    queue.deliver(T0 + 200 * HOUR) // in the future of the next observation: not counted
    // λ over (T0+47h, T0+71h] is 0, so still factor 1 rather than a spike from one future parcel.
    expect(queue.observe(T0 + 71 * HOUR, 5)).toBe(0)
  })
})
