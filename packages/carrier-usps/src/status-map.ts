import type { StatusTable } from '@wismo/core'

/**
 * USPS Tracking v3 as Wismo statuses. Three kinds of keys, tried in this order for each scan:
 * - the event code (Pub 199 Appendix G-4), or `code:reasonCode` for a code that needs its reason;
 * - `type:<event type>`: the event's text before its first comma, lower-cased
 *   (`Delivered, Parcel Locker` → `type:delivered`), for scans whose code is missing or new;
 * - `category:<statusCategory>`: the parcel's category, used only for its latest scan.
 * A host overrides any key through `statusOverrides`. Codes known to exist whose meaning is not
 * documented are left out on purpose: they stay visible as `unmapped` and move nothing.
 * @example USPS_STATUS['OF'] // { status: 'out_for_delivery' }
 */
export const USPS_STATUS: StatusTable = {
  // Label and acceptance
  GX: { status: 'info_received', subStatus: 'label_created' },
  MA: { status: 'info_received', subStatus: 'label_created' },
  '03': { status: 'in_transit', subStatus: 'picked_up' },
  TM: { status: 'in_transit', subStatus: 'picked_up' },
  PA: { status: 'in_transit', subStatus: 'picked_up' },
  '43': { status: 'in_transit', subStatus: 'picked_up' },
  '80': { status: 'in_transit', subStatus: 'picked_up' },
  // Moving through the network
  '10': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  A1: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  '07': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  '19': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  '41': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  '81': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  EF: { status: 'in_transit', subStatus: 'departed_facility' },
  SF: { status: 'in_transit', subStatus: 'departed_facility' },
  T1: { status: 'in_transit', subStatus: 'departed_facility' },
  '82': { status: 'in_transit', subStatus: 'departed_facility' },
  TL: { status: 'in_transit' },
  PC: { status: 'in_transit' },
  '42': { status: 'in_transit', subStatus: 'handed_to_partner' },
  '06': { status: 'in_transit', subStatus: 'forwarded' },
  '71': { status: 'in_transit', subStatus: 'rescheduled' },
  // Delivery
  OF: { status: 'out_for_delivery' },
  '01': { status: 'delivered' },
  '17': { status: 'delivered', subStatus: 'picked_up_by_agent' },
  '14': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  '16': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  '02': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  '52': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  '56': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  '53': { status: 'attempt_failed', subStatus: 'receptacle_blocked' },
  '54': { status: 'attempt_failed', subStatus: 'receptacle_full' },
  '55': { status: 'attempt_failed', subStatus: 'no_secure_location' },
  '30': { status: 'attempt_failed', subStatus: 'no_access' },
  '51': { status: 'attempt_failed', subStatus: 'business_closed' },
  // Trouble
  DX: { status: 'exception', subStatus: 'delayed' },
  '04': { status: 'exception', subStatus: 'refused' },
  '05': { status: 'exception', subStatus: 'address_issue' },
  '08': { status: 'exception', subStatus: 'missent' },
  '15': { status: 'exception', subStatus: 'missent' },
  '11': { status: 'exception', subStatus: 'lost' },
  '44': { status: 'exception', subStatus: 'returning_to_sender' },
  // Return to sender, with the reason in the code (21 no such number … 31 not picked up)
  '09': { status: 'exception', subStatus: 'returning_to_sender' },
  '21': { status: 'exception', subStatus: 'returning_to_sender' },
  '22': { status: 'exception', subStatus: 'returning_to_sender' },
  '23': { status: 'exception', subStatus: 'returning_to_sender' },
  '24': { status: 'exception', subStatus: 'returning_to_sender' },
  '25': { status: 'exception', subStatus: 'returning_to_sender' },
  '26': { status: 'exception', subStatus: 'returning_to_sender' },
  '27': { status: 'exception', subStatus: 'returning_to_sender' },
  '28': { status: 'exception', subStatus: 'returning_to_sender' },
  '29': { status: 'exception', subStatus: 'returning_to_sender' },
  '31': { status: 'exception', subStatus: 'returning_to_sender' },

  // Event types, for scans without a known code
  'type:shipping label created': { status: 'info_received', subStatus: 'label_created' },
  'type:pre-shipment info sent to usps': { status: 'info_received', subStatus: 'label_created' },
  'type:usps in possession of item': { status: 'in_transit', subStatus: 'picked_up' },
  'type:accepted at usps origin facility': { status: 'in_transit', subStatus: 'picked_up' },
  'type:arrived at post office': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  'type:arrived at usps facility': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  'type:arrived at usps regional facility': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  'type:arrived at usps regional origin facility': {
    status: 'in_transit',
    subStatus: 'arrived_at_facility',
  },
  'type:arrived at usps regional destination facility': {
    status: 'in_transit',
    subStatus: 'arrived_at_facility',
  },
  'type:departed post office': { status: 'in_transit', subStatus: 'departed_facility' },
  'type:departed usps facility': { status: 'in_transit', subStatus: 'departed_facility' },
  'type:departed usps regional facility': { status: 'in_transit', subStatus: 'departed_facility' },
  'type:in transit to next facility': { status: 'in_transit' },
  'type:out for delivery': { status: 'out_for_delivery' },
  'type:delivered': { status: 'delivered' },
  'type:available for pickup': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  'type:held at post office': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  'type:notice left': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  'type:delivery attempted': { status: 'attempt_failed' },
  'type:insufficient address': { status: 'exception', subStatus: 'address_issue' },
  'type:return to sender': { status: 'exception', subStatus: 'returning_to_sender' },

  // statusCategory of the parcel (USPS.com's categories, and the lower-cased ones karrio meets)
  'category:pre-shipment': { status: 'info_received', subStatus: 'label_created' },
  'category:accepted': { status: 'in_transit', subStatus: 'picked_up' },
  'category:acceptance': { status: 'in_transit', subStatus: 'picked_up' },
  'category:picked up': { status: 'in_transit', subStatus: 'picked_up' },
  'category:in transit': { status: 'in_transit' },
  'category:out for delivery': { status: 'out_for_delivery' },
  'category:delivered': { status: 'delivered' },
  'category:available for pickup': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  'category:ready for pickup': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  'category:delivery attempt': { status: 'attempt_failed' },
  'category:delivery failed': { status: 'attempt_failed' },
  'category:alert': { status: 'exception' },
  'category:on hold': { status: 'exception', subStatus: 'held' },
  'category:return to sender': { status: 'exception', subStatus: 'returning_to_sender' },
}
