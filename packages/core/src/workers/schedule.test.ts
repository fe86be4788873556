import { describe, expect, it } from 'vitest'
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type ScheduleInput } from './schedule.ts'

const HOUR = 3_600_000
const at = (iso: string) => new Date(iso)
const input = (over: Partial<ScheduleInput>): ScheduleInput => ({
  status: 'in_transit',
  etaDate: null,
  lastEventAt: null,
  pushes: false,
  failed: false,
  now: at('2026-03-09T12:00:00Z'),
  random: () => 0.5, // no jitter
  ...over,
})

describe('the adaptive poll schedule', () => {
  it('never polls a settled shipment', () => {
    for (const status of ['delivered', 'returned', 'cancelled', 'expired'] as const)
      expect(nextPollDelay(input({ status }))).toBeNull()
  })

  // A shipment in New York (-05:00) whose carrier estimates 13 March: the delivery window opens
  // two days before, at 07:00 local on 11 March (12:00Z).
  const ny = { etaDate: '2026-03-13', lastEventAt: '2026-03-09T06:00:00-05:00' }

  it('polls at most daily before the delivery window and reaches its opening exactly', () => {
    expect(nextPollDelay(input({ ...ny, now: at('2026-03-09T12:00:00Z') }))).toBe(24 * HOUR)
    expect(nextPollDelay(input({ ...ny, now: at('2026-03-11T03:00:00Z') }))).toBe(9 * HOUR)
  })

  it('polls often in the window mornings, less in the afternoon, not at night, and often while out for delivery', () => {
    expect(nextPollDelay(input({ ...ny, now: at('2026-03-11T13:00:00Z') }))).toBe(50 * 60_000) // 08:00 local
    expect(nextPollDelay(input({ ...ny, now: at('2026-03-11T17:00:00Z') }))).toBe(4 * HOUR) // 12:00 local
    expect(nextPollDelay(input({ ...ny, now: at('2026-03-12T00:00:00Z') }))).toBe(12 * HOUR) // 19:00 → 07:00
    expect(nextPollDelay(input({ status: 'out_for_delivery', etaDate: '2026-03-20' }))).toBe(40 * 60_000)
  })

  it('opens the window when a scan is at the destination, whatever the estimate', () => {
    const arrived = input({
      atDestination: true,
      lastEventAt: '2026-03-09T08:00:00-05:00',
      now: at('2026-03-09T13:00:00Z'),
    })
    expect(nextPollDelay(arrived)).toBe(50 * 60_000)
  })

  it('falls back to the status table without an estimate, retries a failure soon, and is a safety net when the carrier pushes', () => {
    expect(nextPollDelay(input({ status: 'pending' }))).toBe(DEFAULT_POLL_SCHEDULE.byStatus.pending)
    expect(nextPollDelay(input({ failed: true }))).toBe(15 * 60_000)
    expect(nextPollDelay(input({ pushes: true, status: 'out_for_delivery' }))).toBe(12 * HOUR)
  })

  it('spreads polls by ±10 %', () => {
    expect(nextPollDelay(input({ random: () => 0 }))).toBe(Math.round(0.9 * 6 * HOUR))
    expect(nextPollDelay(input({ random: () => 1 }))).toBe(Math.round(1.1 * 6 * HOUR))
  })
})
