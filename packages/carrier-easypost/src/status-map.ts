import {
  type Logger,
  type MappedStatus,
  type Status,
  type StatusMapping,
  type StatusTable,
  statusMapper,
} from '@wismo/core'

/**
 * EasyPost's 10 tracker statuses → Wismo milestones, as data.
 * - `unknown` (EasyPost has nothing from the carrier yet) is `pending`, which never moves a parcel
 *   that is already on its way.
 * - `error` (EasyPost could not read the carrier) is `pending` / `tracking_error`: a problem of
 *   the tracking, not of the parcel, so no customer is told of an exception.
 * - `return_to_sender` is `returned`: the parcel will not reach the customer.
 * @example EASYPOST_STATUSES.out_for_delivery // { status: 'out_for_delivery' }
 */
export const EASYPOST_STATUSES: StatusTable = table({
  unknown: { status: 'pending' },
  pre_transit: { status: 'info_received', subStatus: 'label_created' },
  in_transit: { status: 'in_transit' },
  out_for_delivery: { status: 'out_for_delivery' },
  delivered: { status: 'delivered' },
  available_for_pickup: { status: 'available_for_pickup', subStatus: 'held_at_location' },
  return_to_sender: { status: 'returned', subStatus: 'returning_to_sender' },
  failure: { status: 'exception', subStatus: 'delivery_failed' },
  cancelled: { status: 'cancelled' },
  error: { status: 'pending', subStatus: 'tracking_error' },
})

/**
 * What one `status_detail` adds: a sub-status, and the milestone it implies (if any).
 * @example const held: DetailMeaning = { subStatus: 'held', implies: 'exception' }
 */
export interface DetailMeaning {
  subStatus: string | null
  /** Replaces the milestone of a generic status (see {@link GENERIC_STATUSES}). */
  implies?: Status
}

/**
 * EasyPost's 28 `status_detail` values. The sub-status uses Wismo's names where one means the
 * same (`received_at_origin_facility` → `picked_up`), EasyPost's otherwise.
 * @example EASYPOST_STATUS_DETAILS.weather_delay // { subStatus: 'weather_delay', implies: 'exception' }
 */
export const EASYPOST_STATUS_DETAILS: Readonly<Record<string, DetailMeaning>> = Object.freeze({
  address_correction: { subStatus: 'address_issue' },
  arrived_at_destination: { subStatus: 'arrived_at_destination' },
  arrived_at_facility: { subStatus: 'arrived_at_facility' },
  arrived_at_pickup_location: { subStatus: 'held_at_location', implies: 'available_for_pickup' },
  awaiting_information: { subStatus: 'awaiting_information' },
  cancelled: { subStatus: null, implies: 'cancelled' },
  damaged: { subStatus: 'damaged', implies: 'exception' },
  delayed: { subStatus: 'delayed', implies: 'exception' },
  delivery_exception: { subStatus: 'delivery_exception', implies: 'exception' },
  departed_facility: { subStatus: 'departed_facility' },
  departed_origin_facility: { subStatus: 'departed_facility' },
  expired: { subStatus: null, implies: 'expired' },
  failure: { subStatus: 'delivery_failed', implies: 'exception' },
  held: { subStatus: 'held', implies: 'exception' },
  in_transit: { subStatus: null },
  label_created: { subStatus: 'label_created', implies: 'info_received' },
  lost: { subStatus: 'lost', implies: 'exception' },
  missorted: { subStatus: 'missorted', implies: 'exception' },
  out_for_delivery: { subStatus: null, implies: 'out_for_delivery' },
  received_at_destination_facility: { subStatus: 'arrived_at_facility' },
  received_at_origin_facility: { subStatus: 'picked_up' },
  refused: { subStatus: 'refused', implies: 'exception' },
  return: { subStatus: 'returning_to_sender' },
  status_update: { subStatus: null },
  transferred_to_destination_carrier: { subStatus: 'in_transit_to_destination' },
  transit_exception: { subStatus: 'transit_exception', implies: 'exception' },
  unknown: { subStatus: null },
  weather_delay: { subStatus: 'weather_delay', implies: 'exception' },
})

/**
 * Statuses vague enough for the detail to decide the milestone (`in_transit` + `weather_delay`
 * → `exception`). A specific status keeps its milestone and takes only the detail's sub-status
 * (`out_for_delivery` + `delayed` → `out_for_delivery` / `delayed`).
 * @example GENERIC_STATUSES.has('in_transit') // true
 */
export const GENERIC_STATUSES: ReadonlySet<string> = new Set([
  'unknown',
  'pre_transit',
  'in_transit',
  'failure',
  'error',
])

/**
 * The full table the mapper reads: each status, and each `status:status_detail` pair (10 + 280
 * entries) derived from the two tables above.
 * @example EASYPOST_STATUS_TABLE['in_transit:weather_delay'] // { status: 'exception', subStatus: 'weather_delay' }
 */
export const EASYPOST_STATUS_TABLE: StatusTable = table(
  Object.fromEntries(
    Object.entries(EASYPOST_STATUSES).flatMap(([status, base]) => [
      [status, base],
      ...Object.entries(EASYPOST_STATUS_DETAILS).map(([detail, meaning]) => [
        `${status}:${detail}`,
        combine(status, base, meaning),
      ]),
    ]),
  ),
)

function combine(status: string, base: StatusMapping, detail: DetailMeaning): StatusMapping {
  const milestone = detail.implies && GENERIC_STATUSES.has(status) ? detail.implies : base.status
  return { status: milestone, subStatus: detail.subStatus ?? base.subStatus ?? null }
}

/** A table without `Object.prototype`, so a code such as `constructor` finds no inherited entry. */
function table(entries: Record<string, StatusMapping>): StatusTable {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, StatusMapping>, entries))
}

/**
 * Maps an EasyPost `status` and optional `status_detail`.
 * @example const map: EasypostStatusMapper = easypostStatusMapper()
 */
export type EasypostStatusMapper = (status: string, detail?: string | null) => MappedStatus

/**
 * The mapper of one carrier instance: the host's `statusOverrides` first (`status:status_detail`,
 * then `status`), then {@link EASYPOST_STATUS_TABLE}. An unknown status gets core's unmapped
 * treatment (kept, never moving the milestone, logged once); an unknown detail of a known status
 * maps by the status alone and is logged once.
 * @example
 * const map = easypostStatusMapper({ log })
 * map('in_transit', 'weather_delay') // { status: 'exception', subStatus: 'weather_delay', mapped: true }
 */
export function easypostStatusMapper(
  options: { overrides?: StatusTable | undefined; log?: Logger } = {},
): EasypostStatusMapper {
  const map = statusMapper(EASYPOST_STATUS_TABLE, {
    carrier: 'easypost',
    overrides: options.overrides,
    ...(options.log ? { log: options.log } : {}),
  })
  const seen = new Set<string>()
  return (status, detail) => {
    const known = !detail || Object.hasOwn(EASYPOST_STATUS_DETAILS, detail)
    const overridden =
      !!detail && !!options.overrides && Object.hasOwn(options.overrides, `${status}:${detail}`)
    if (!known && !overridden && !seen.has(detail)) {
      seen.add(detail)
      options.log?.warn({ carrier: 'easypost', status, detail }, 'unmapped easypost status_detail')
    }
    return map(status, detail || null)
  }
}

/**
 * The raw code kept on each event: `status:status_detail`, or the status alone.
 * @example easypostRawCode('in_transit', 'arrived_at_facility') // 'in_transit:arrived_at_facility'
 */
export function easypostRawCode(status: string, detail?: string | null): string {
  return detail ? `${status}:${detail}` : status
}
