import {
  type Logger,
  type MappedStatus,
  type StatusMapping,
  type StatusTable,
  statusMapper,
} from '@wismo/core'

/** Shippo's six tracking statuses (`TrackingStatusEnum`). */
export const SHIPPO_STATUSES = [
  'UNKNOWN',
  'PRE_TRANSIT',
  'TRANSIT',
  'DELIVERED',
  'RETURNED',
  'FAILURE',
] as const

/**
 * Shippo's sub-status codes, each under the status Shippo documents it with
 * (docs.goshippo.com, tracking event definitions). `other` may come with any status.
 */
export const SHIPPO_SUBSTATUSES: Readonly<Record<string, (typeof SHIPPO_STATUSES)[number] | '*'>> = {
  information_received: 'PRE_TRANSIT',
  address_issue: 'TRANSIT',
  contact_carrier: 'TRANSIT',
  delayed: 'TRANSIT',
  delivery_attempted: 'TRANSIT',
  delivery_rescheduled: 'TRANSIT',
  delivery_scheduled: 'TRANSIT',
  location_inaccessible: 'TRANSIT',
  notice_left: 'TRANSIT',
  out_for_delivery: 'TRANSIT',
  package_accepted: 'TRANSIT',
  package_arrived: 'TRANSIT',
  package_damaged: 'TRANSIT',
  package_departed: 'TRANSIT',
  package_forwarded: 'TRANSIT',
  package_held: 'TRANSIT',
  package_processed: 'TRANSIT',
  package_processing: 'TRANSIT',
  pickup_available: 'TRANSIT',
  reschedule_delivery: 'TRANSIT',
  delivered: 'DELIVERED',
  return_to_sender: 'RETURNED',
  package_unclaimed: 'RETURNED',
  package_undeliverable: 'FAILURE',
  package_disposed: 'FAILURE',
  package_lost: 'FAILURE',
  other: '*',
}

/**
 * Shippo statuses → Wismo milestones, as data. Keys: `STATUS:substatus` (most specific), then
 * `STATUS`. A sub-status under another status than the documented one, and `other`, fall back
 * to the status alone; the raw `STATUS:substatus` is kept on the event either way.
 *
 * Choices: `UNKNOWN` events are the carrier's "electronic info received / label created" lines
 * (Shippo: "found but not yet scanned"), so `info_received`. `RETURNED` is Wismo's `returned`
 * (terminal) even while the parcel travels back, as Shippo does not tell the two apart. A delay
 * or a reschedule keeps the parcel `in_transit` (Wismo's delay signals handle lateness); what
 * needs the recipient (`notice_left`, `location_inaccessible`, `reschedule_delivery`) is
 * `attempt_failed`; damage, loss, a hold and `FAILURE` are `exception`.
 * @example SHIPPO_STATUS['TRANSIT:out_for_delivery'] // { status: 'out_for_delivery' }
 */
export const SHIPPO_STATUS: StatusTable = withoutPrototype({
  UNKNOWN: { status: 'info_received' },
  PRE_TRANSIT: { status: 'info_received', subStatus: 'label_created' },
  TRANSIT: { status: 'in_transit' },
  DELIVERED: { status: 'delivered' },
  RETURNED: { status: 'returned', subStatus: 'returning_to_sender' },
  FAILURE: { status: 'exception' },

  'PRE_TRANSIT:information_received': { status: 'info_received', subStatus: 'label_created' },

  'TRANSIT:address_issue': { status: 'exception', subStatus: 'address_issue' },
  'TRANSIT:contact_carrier': { status: 'exception', subStatus: 'contact_carrier' },
  'TRANSIT:delayed': { status: 'in_transit', subStatus: 'delayed' },
  'TRANSIT:delivery_attempted': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  'TRANSIT:delivery_rescheduled': { status: 'in_transit', subStatus: 'rescheduled' },
  'TRANSIT:delivery_scheduled': { status: 'in_transit', subStatus: 'delivery_scheduled' },
  'TRANSIT:location_inaccessible': { status: 'attempt_failed', subStatus: 'location_inaccessible' },
  'TRANSIT:notice_left': { status: 'attempt_failed', subStatus: 'notice_left' },
  'TRANSIT:out_for_delivery': { status: 'out_for_delivery' },
  'TRANSIT:package_accepted': { status: 'in_transit', subStatus: 'picked_up' },
  'TRANSIT:package_arrived': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  'TRANSIT:package_damaged': { status: 'exception', subStatus: 'damaged' },
  'TRANSIT:package_departed': { status: 'in_transit', subStatus: 'departed_facility' },
  'TRANSIT:package_forwarded': { status: 'in_transit', subStatus: 'forwarded' },
  'TRANSIT:package_held': { status: 'exception', subStatus: 'held' },
  'TRANSIT:package_processed': { status: 'in_transit', subStatus: 'processed' },
  'TRANSIT:package_processing': { status: 'in_transit', subStatus: 'processing' },
  'TRANSIT:pickup_available': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  'TRANSIT:reschedule_delivery': { status: 'attempt_failed', subStatus: 'reschedule_delivery' },

  'DELIVERED:delivered': { status: 'delivered' },

  'RETURNED:return_to_sender': { status: 'returned', subStatus: 'returning_to_sender' },
  'RETURNED:package_unclaimed': { status: 'returned', subStatus: 'unclaimed' },

  'FAILURE:package_undeliverable': { status: 'exception', subStatus: 'undeliverable' },
  'FAILURE:package_disposed': { status: 'exception', subStatus: 'disposed' },
  'FAILURE:package_lost': { status: 'exception', subStatus: 'lost' },
})

/** A table without `Object.prototype`, so a code such as `constructor` finds no inherited entry. */
function withoutPrototype(table: StatusTable): StatusTable {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, StatusMapping>, table))
}

/** Maps one Shippo status and sub-status code. */
export type ShippoMapStatus = (status: string, substatus?: string | null) => MappedStatus

/**
 * The mapper of one carrier instance: host overrides first, then {@link SHIPPO_STATUS}
 * (`STATUS:substatus` before `STATUS`). An unknown status is logged once and kept as `unmapped`,
 * never moving the shipment's milestone (core's `statusMapper`).
 * @example
 * const map = shippoStatusMapper({ log })
 * map('TRANSIT', 'out_for_delivery') // { status: 'out_for_delivery', subStatus: null, mapped: true }
 */
export function shippoStatusMapper(options: { overrides?: StatusTable | undefined; log?: Logger }) {
  const map = statusMapper(SHIPPO_STATUS, {
    carrier: 'shippo',
    overrides: options.overrides,
    ...(options.log ? { log: options.log } : {}),
  })
  const mapStatus: ShippoMapStatus = (status, substatus) => map(status, substatus || null)
  return mapStatus
}

/** The raw code kept on each event: `STATUS:substatus`, or the status alone. */
export function shippoRawCode(status: string, substatus?: string | null): string {
  return substatus ? `${status}:${substatus}` : status
}
