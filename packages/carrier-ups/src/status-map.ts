import {
  type Logger,
  type MappedStatus,
  type StatusMapping,
  type StatusTable,
  statusMapper,
} from '@wismo/core'

/**
 * UPS activity statuses → Wismo milestones, as data. Keys, most specific first:
 * `TYPE:code` (2-character status code, e.g. `I:OT`), `TYPE:statusCode` (3-digit status code,
 * e.g. `X:022`), then `TYPE` alone (`D`, `I`, `M`, `MV`, `X`, `U`, `P`). Codes that cannot collide:
 * the 2-character codes are never 3 digits.
 *
 * Left unmapped on purpose (kept with sub-status `unmapped`, never moving the milestone):
 * `DO` / `DD` (freight "delivered to origin / destination CFS": a dock, not the consignee),
 * `W` (warehousing) and `NA` (not available). Hosts add them with `statusOverrides`.
 * @example UPS_STATUS['I:OT'] // { status: 'out_for_delivery' }
 */
export const UPS_STATUS: StatusTable = withoutPrototype({
  // Manifest: the shipper created a label, UPS has not scanned the package yet.
  M: { status: 'info_received', subStatus: 'label_created' },
  MV: { status: 'cancelled', subStatus: 'label_voided' },
  // Pickup, a legacy XML-API type some accounts still see.
  P: { status: 'in_transit', subStatus: 'picked_up' },

  I: { status: 'in_transit' },
  'I:OR': { status: 'in_transit', subStatus: 'picked_up' },
  'I:AR': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  'I:DP': { status: 'in_transit', subStatus: 'departed_facility' },
  'I:YP': { status: 'in_transit', subStatus: 'preparing_for_delivery' },
  'I:SR': { status: 'in_transit', subStatus: 'customs_cleared' },
  'I:OT': { status: 'out_for_delivery' },
  'I:006': { status: 'out_for_delivery' },
  'I:021': { status: 'out_for_delivery' },
  'I:040': { status: 'available_for_pickup', subStatus: 'held_at_location' },

  // Track Alert uses D for "loaded on vehicle / out for delivery" too.
  D: { status: 'delivered' },
  'D:OT': { status: 'out_for_delivery' },
  'D:006': { status: 'out_for_delivery' },
  'D:021': { status: 'out_for_delivery' },

  // Exceptions: "something out of the normal happened, it may still be delivered on time".
  X: { status: 'exception' },
  'X:SR': { status: 'in_transit', subStatus: 'customs_cleared' },
  'X:022': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  'X:034': { status: 'exception', subStatus: 'returning_to_sender' },
  'X:040': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  'X:046': { status: 'exception', subStatus: 'delayed' },
  'X:048': { status: 'exception', subStatus: 'delayed' },

  // Track Alert "update": normally a new scheduled delivery date, the package is moving.
  U: { status: 'in_transit', subStatus: 'rescheduled' },
})

/**
 * A table without `Object.prototype`, so a vendor code such as `constructor` or `toString` finds
 * no inherited entry when the table is indexed by key.
 */
function withoutPrototype(table: StatusTable): StatusTable {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, StatusMapping>, table))
}

/** A UPS status as three codes: activity type, 2-character code, 3-digit status code. */
export interface UpsStatusCodes {
  type: string
  code?: string | undefined
  statusCode?: string | undefined
}

/**
 * The mapper of one carrier instance: host overrides first, then {@link UPS_STATUS}; the most
 * specific key that exists wins. Unknown types are logged once and kept as `unmapped`.
 * @example
 * const map = upsStatusMapper({ log })
 * map({ type: 'I', code: 'OT', statusCode: '021' }) // { status: 'out_for_delivery', … }
 */
export function upsStatusMapper(options: { overrides?: StatusTable | undefined; log?: Logger }) {
  const map = statusMapper(UPS_STATUS, { carrier: 'ups', overrides: options.overrides, log: options.log })
  const has = (key: string) =>
    Object.hasOwn(UPS_STATUS, key) ||
    (options.overrides !== undefined && Object.hasOwn(options.overrides, key))
  return ({ type, code, statusCode }: UpsStatusCodes): MappedStatus => {
    if (code && has(`${type}:${code}`)) return map(type, code)
    if (statusCode && has(`${type}:${statusCode}`)) return map(type, statusCode)
    return map(type, code)
  }
}

/** The raw code kept on each event: `TYPE:code` (`I:OR`), or the type alone. */
export function upsRawCode({ type, code }: UpsStatusCodes): string {
  return [type.trim(), code?.trim()].filter(Boolean).join(':') || '?'
}
