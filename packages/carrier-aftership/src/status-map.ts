import {
  type Logger,
  type MappedStatus,
  type StatusMapping,
  type StatusTable,
  statusMapper,
} from '@wismo/core'

/**
 * AfterShip's 9 tags (delivery statuses), each the fallback for its subtags.
 * @example AFTERSHIP_TAGS.AttemptFail // { status: 'attempt_failed' }
 */
export const AFTERSHIP_TAGS: StatusTable = withoutPrototype({
  Pending: { status: 'pending' },
  InfoReceived: { status: 'info_received' },
  InTransit: { status: 'in_transit' },
  OutForDelivery: { status: 'out_for_delivery' },
  AttemptFail: { status: 'attempt_failed' },
  Delivered: { status: 'delivered' },
  AvailableForPickup: { status: 'available_for_pickup' },
  Exception: { status: 'exception' },
  Expired: { status: 'expired' },
})

/**
 * Subtags whose meaning no public source we found spells out: they are listed so they count as
 * known, and map exactly as their tag does (no sub-status).
 * @example SUBTAGS_MAPPED_BY_TAG.includes('Exception_014') // true
 */
export const SUBTAGS_MAPPED_BY_TAG = [
  'Pending_003',
  'Pending_004',
  'Pending_005',
  'Pending_006',
  'Exception_014',
  'Exception_015',
] as const

/**
 * AfterShip subtags (delivery sub-statuses) → Wismo milestone and sub-status, as data. Meanings
 * from AfterShip's "Delivery Sub-statuses" table and its help-center list of the subtags added
 * on 2026-03-27 (`Exception_016`–`Exception_021`); see the README for the sources.
 * @example AFTERSHIP_SUBTAGS.Exception_011 // { status: 'returned', subStatus: 'returned_to_sender' }
 */
export const AFTERSHIP_SUBTAGS: StatusTable = withoutPrototype({
  Pending_001: { status: 'pending' },
  Pending_002: { status: 'pending', subStatus: 'carrier_account_not_connected' },
  ...Object.fromEntries(SUBTAGS_MAPPED_BY_TAG.map((s) => [s, tagOf(s)])),

  InfoReceived_001: { status: 'info_received' },

  InTransit_001: { status: 'in_transit' },
  InTransit_002: { status: 'in_transit', subStatus: 'picked_up' }, // acceptance scan
  InTransit_003: { status: 'in_transit', subStatus: 'arrived_at_facility' }, // arrival scan
  InTransit_004: { status: 'in_transit', subStatus: 'arrived_in_destination_country' },
  InTransit_005: { status: 'in_transit', subStatus: 'customs_cleared' },
  InTransit_006: { status: 'in_transit', subStatus: 'in_customs' }, // handed over for clearance
  InTransit_007: { status: 'in_transit', subStatus: 'departed_facility' }, // departure scan
  InTransit_008: { status: 'in_transit', subStatus: 'problem_resolved' },
  InTransit_009: { status: 'in_transit', subStatus: 'forwarded' }, // to a different address

  OutForDelivery_001: { status: 'out_for_delivery' },
  // Legacy: "arrived at sorting center and is available for pickup".
  OutForDelivery_002: { status: 'available_for_pickup', subStatus: 'held_at_location' },
  OutForDelivery_003: { status: 'out_for_delivery', subStatus: 'customer_contacted' },
  OutForDelivery_004: { status: 'out_for_delivery', subStatus: 'appointment_scheduled' },

  AttemptFail_001: { status: 'attempt_failed' },
  AttemptFail_002: { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  AttemptFail_003: { status: 'attempt_failed', subStatus: 'business_closed' },

  Delivered_001: { status: 'delivered' },
  Delivered_002: { status: 'delivered', subStatus: 'picked_up_by_customer' },
  Delivered_003: { status: 'delivered', subStatus: 'signed' },
  Delivered_004: { status: 'delivered', subStatus: 'cash_collected' },
  Delivered_005: { status: 'delivered', subStatus: 'delivered_to_neighbor' },

  AvailableForPickup_001: { status: 'available_for_pickup' },

  Exception_001: { status: 'exception' },
  Exception_002: { status: 'exception', subStatus: 'customer_moved' },
  Exception_003: { status: 'exception', subStatus: 'refused' },
  Exception_004: { status: 'exception', subStatus: 'customs_hold' },
  Exception_005: { status: 'exception', subStatus: 'delayed' },
  Exception_006: { status: 'exception', subStatus: 'held_for_payment' },
  Exception_007: { status: 'exception', subStatus: 'address_issue' },
  Exception_008: { status: 'exception', subStatus: 'pickup_missed' },
  Exception_009: { status: 'exception', subStatus: 'rejected_by_carrier' },
  Exception_010: { status: 'exception', subStatus: 'returning_to_sender' },
  // "The return package has been successfully received by the sender".
  Exception_011: { status: 'returned', subStatus: 'returned_to_sender' },
  Exception_012: { status: 'exception', subStatus: 'damaged' },
  Exception_013: { status: 'exception', subStatus: 'lost' },
  Exception_016: { status: 'exception', subStatus: 'processing_delay' },
  Exception_017: { status: 'exception', subStatus: 'weather_delay' },
  Exception_018: { status: 'exception', subStatus: 'documents_missing' },
  Exception_019: { status: 'exception', subStatus: 'flight_delay' },
  // "voided or canceled by the sender or carrier".
  Exception_020: { status: 'cancelled', subStatus: 'shipment_cancelled' },
  Exception_021: { status: 'exception', subStatus: 'disposed' },

  Expired_001: { status: 'expired' },
})

/**
 * Tags and subtags in one table; they cannot collide (a subtag always has `_NNN`).
 * @example AFTERSHIP_STATUS.Expired_001 // { status: 'expired' }
 */
export const AFTERSHIP_STATUS: StatusTable = withoutPrototype({ ...AFTERSHIP_TAGS, ...AFTERSHIP_SUBTAGS })

function tagOf(subtag: string): StatusMapping {
  const tag = subtag.slice(0, subtag.indexOf('_'))
  const hit = AFTERSHIP_TAGS[tag]
  if (!hit) throw new TypeError(`no tag for subtag ${subtag}`)
  return hit
}

/**
 * A table without `Object.prototype`, so a vendor code such as `constructor` finds no inherited
 * entry.
 */
function withoutPrototype(table: StatusTable): StatusTable {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, StatusMapping>, table))
}

/**
 * A checkpoint's codes: its tag and, usually, its subtag.
 * @example const codes: AftershipStatusCodes = { tag: 'InTransit', subtag: 'InTransit_002' }
 */
export interface AftershipStatusCodes {
  tag?: string | null | undefined
  subtag?: string | null | undefined
}

/**
 * The mapper of one carrier instance: host overrides first, then {@link AFTERSHIP_STATUS}. The
 * subtag wins when it is known; else the tag (a subtag's prefix stands in for a missing tag).
 * Unknown codes are logged once and kept as core's `unmapped`, never moving the milestone.
 * @example
 * const map = aftershipStatusMapper({ log })
 * map({ tag: 'Exception', subtag: 'Exception_007' }) // { status: 'exception', subStatus: 'address_issue', mapped: true }
 */
export function aftershipStatusMapper(options: { overrides?: StatusTable | undefined; log?: Logger }) {
  const map = statusMapper(AFTERSHIP_STATUS, {
    carrier: 'aftership',
    overrides: options.overrides,
    log: options.log,
  })
  const has = (key: string) =>
    Object.hasOwn(AFTERSHIP_STATUS, key) ||
    (options.overrides !== undefined && Object.hasOwn(options.overrides, key))
  return ({ tag, subtag }: AftershipStatusCodes): MappedStatus => {
    const sub = subtag?.trim()
    if (sub && has(sub)) return map(sub)
    const main = tag?.trim() || sub?.split('_')[0] || ''
    return map(main || '?')
  }
}

/** The raw code kept on each event: the subtag (`InTransit_007`), else the tag. */
export function aftershipRawCode({ tag, subtag }: AftershipStatusCodes): string {
  return subtag?.trim() || tag?.trim() || '?'
}
