import { type Status, TERMINAL_STATUSES } from '../domain/status.ts'
import { parseCarrierTime } from '../domain/time.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** What the schedule looks at: the shipment's state, its best delivery date, whether its carrier pushes. */
export interface ScheduleInput {
  status: Status
  /** Best estimate of the delivery date (`eta.best.date`: a date, local time or instant), or null. */
  etaDate: string | null
  /** The latest scan's carrier time: its offset tells the shipment's local time of day. */
  lastEventAt: string | null
  /**
   * The latest scan was at the destination (its city or postal code): delivery usually follows
   * within a working day, so the delivery window is open whatever the estimate says.
   */
  atDestination?: boolean
  /** The carrier pushes updates (webhooks): polling is only a safety net. */
  pushes: boolean
  /** The poll that just ran failed. */
  failed: boolean
  now: Date
  /** 0..1, for jitter (default Math.random). */
  random?: () => number
}

/**
 * The adaptive schedule's settings. Data, overridable per `pollDue` call.
 * @example const opts: PollSchedule = { ...DEFAULT_POLL_SCHEDULE, outForDeliveryMs: 20 * 60_000 }
 */
export interface PollSchedule {
  /** While out for delivery. */
  outForDeliveryMs: number
  /** In the delivery window, during the morning (when carriers load their vans). */
  deliveryDayMs: number
  /** In the delivery window, after `morningUntilHour`. */
  afternoonMs: number
  morningUntilHour: number
  /**
   * The delivery window opens this many days before the estimated date: carriers' estimates are
   * late bounds more often than early ones.
   */
  windowDaysBefore: number
  /** Local hours of the carrier's working day [from, to): outside them the next poll waits for `from`. */
  dayHours: readonly [number, number]
  /** Before the delivery window: at most this long between polls, and never past the window's start. */
  farMaxMs: number
  /** Without an estimate, by status. */
  byStatus: Readonly<Record<Status, number | null>>
  /** A carrier that pushes is polled this often, whatever the status (a safety net). */
  pushSafetyMs: number
  /** A failed poll is retried after at most this long. */
  failedRetryMs: number
  /** ± share of each delay, so many shipments registered together do not poll together. */
  jitter: number
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = {
  // Tuned with bench/poll on the sandbox's journeys (seed 7); reported on another seed.
  outForDeliveryMs: 40 * MINUTE,
  deliveryDayMs: 50 * MINUTE,
  afternoonMs: 4 * HOUR,
  morningUntilHour: 10,
  windowDaysBefore: 2,
  dayHours: [7, 18],
  farMaxMs: 24 * HOUR,
  byStatus: {
    pending: 6 * HOUR,
    info_received: 8 * HOUR,
    in_transit: 6 * HOUR,
    out_for_delivery: 30 * MINUTE,
    attempt_failed: 3 * HOUR,
    available_for_pickup: 12 * HOUR,
    exception: 3 * HOUR,
    delivered: null,
    returned: null,
    cancelled: null,
    expired: null,
  },
  pushSafetyMs: 12 * HOUR,
  failedRetryMs: 15 * MINUTE,
  jitter: 0.1,
}

/**
 * How long until a shipment's next poll, or `null` to stop polling. Often near the expected
 * delivery and while out for delivery, rarely early in transit, never after a terminal state, a
 * long safety poll when the carrier pushes, with jitter.
 * @example nextPollDelay({ status: 'in_transit', etaDate: '2026-03-12', lastEventAt: '2026-03-09T10:00:00-05:00', pushes: false, failed: false, now })
 */
export function nextPollDelay(
  input: ScheduleInput,
  schedule: PollSchedule = DEFAULT_POLL_SCHEDULE,
): number | null {
  if (TERMINAL_STATUSES.includes(input.status) || input.status === 'expired') return null
  const base = baseDelay(input, schedule)
  if (base === null) return null
  const delay = input.failed ? Math.min(base, schedule.failedRetryMs) : base
  const spread = 1 + schedule.jitter * (2 * (input.random ?? Math.random)() - 1)
  return Math.max(MINUTE, Math.round(delay * spread))
}

function baseDelay(input: ScheduleInput, s: PollSchedule): number | null {
  if (input.pushes) return s.pushSafetyMs
  if (input.status === 'out_for_delivery') return s.outForDeliveryMs
  const now = input.now.getTime()
  const offset = offsetOf(input)
  if (input.atDestination) return untilWorkingHours(now, offset, s) ?? inWindow(now, offset, s)
  const dayStart = input.etaDate ? expectedDayStart(input.etaDate, offset, s) : null
  if (dayStart === null) return s.byStatus[input.status]
  if (now >= dayStart) return untilWorkingHours(now, offset, s) ?? inWindow(now, offset, s)
  return Math.min(dayStart - now, s.farMaxMs)
}

/** UTC ms of the start of the working day that opens the delivery window, in the shipment's local time. */
function expectedDayStart(etaDate: string, offsetMinutes: number, s: PollSchedule): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(etaDate)
  if (!m) return null
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) - s.windowDaysBefore, s.dayHours[0])
  return day - offsetMinutes * MINUTE
}

/** Inside the delivery window and working hours: often in the morning, less in the afternoon. */
function inWindow(now: number, offsetMinutes: number, s: PollSchedule): number {
  const hour = new Date(now + offsetMinutes * MINUTE).getUTCHours()
  return hour < s.morningUntilHour ? s.deliveryDayMs : s.afternoonMs
}

/** Outside local working hours: the wait until they start; inside: null. */
function untilWorkingHours(now: number, offsetMinutes: number, s: PollSchedule): number | null {
  const local = new Date(now + offsetMinutes * MINUTE)
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60
  const [from, to] = s.dayHours
  if (hour >= from && hour < to) return null
  const hoursLeft = hour < from ? from - hour : 24 - hour + from
  return Math.round(hoursLeft * HOUR)
}

/** The shipment's local offset: the latest scan's, else UTC. */
function offsetOf(input: ScheduleInput): number {
  return (input.lastEventAt ? parseCarrierTime(input.lastEventAt)?.offsetMinutes : null) ?? 0
}
