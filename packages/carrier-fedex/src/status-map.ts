import type { Status, StatusTable } from '@wismo/core'

/**
 * FedEx scan codes (`scanEvents[].eventType`, also `latestStatusDetail.code`) → Wismo milestone
 * and sub-status. A key `CODE:SUB` refines a code by the scan's `exceptionCode`, or by its
 * `delayDetail.type` when it has no exception code (`DY:WEATHER`). Codes listed in
 * {@link FEDEX_INFORMATIONAL_CODES} are left out on purpose: they are notes about the parcel
 * (delivery options, return labels), not movement, and must not move its milestone.
 * Source: FedEx Track API status codes (karrio `fedex/vendor/Tracking-Status-Codes.html`).
 * @example FEDEX_STATUS.OD // { status: 'out_for_delivery' }
 */
export const FEDEX_STATUS: StatusTable = {
  // Before the parcel moves
  OC: { status: 'info_received', subStatus: 'label_created' },
  AP: { status: 'info_received', subStatus: null },
  EP: { status: 'info_received', subStatus: null },
  DS: { status: 'info_received', subStatus: null },
  DR: { status: 'info_received', subStatus: null },
  // Picked up
  PU: { status: 'in_transit', subStatus: 'picked_up' },
  PX: { status: 'in_transit', subStatus: 'picked_up' },
  // At a facility
  AR: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  AF: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  FD: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  OF: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  SF: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  AA: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  AD: { status: 'in_transit', subStatus: null },
  // Leaving
  DP: { status: 'in_transit', subStatus: 'departed_facility' },
  LO: { status: 'in_transit', subStatus: 'departed_facility' },
  // Moving
  IT: { status: 'in_transit', subStatus: null },
  IX: { status: 'in_transit', subStatus: null },
  OW: { status: 'in_transit', subStatus: null },
  Ow: { status: 'in_transit', subStatus: null },
  EA: { status: 'in_transit', subStatus: null },
  ED: { status: 'in_transit', subStatus: null },
  EO: { status: 'in_transit', subStatus: null },
  PF: { status: 'in_transit', subStatus: null },
  PL: { status: 'in_transit', subStatus: null },
  PM: { status: 'in_transit', subStatus: null },
  TR: { status: 'in_transit', subStatus: null },
  AO: { status: 'in_transit', subStatus: null },
  AE: { status: 'in_transit', subStatus: null },
  // Handed to another carrier for the last mile (SmartPost, Canada Post)
  AC: { status: 'in_transit', subStatus: 'in_transit_to_destination' },
  AX: { status: 'in_transit', subStatus: 'in_transit_to_destination' },
  OX: { status: 'in_transit', subStatus: 'in_transit_to_destination' },
  // Customs
  CC: { status: 'in_transit', subStatus: 'customs_cleared' },
  CP: { status: 'in_transit', subStatus: 'customs_processing' },
  CD: { status: 'exception', subStatus: 'customs_hold' },
  // Last mile
  OD: { status: 'out_for_delivery', subStatus: null },
  DL: { status: 'delivered', subStatus: null },
  HL: { status: 'available_for_pickup', subStatus: 'held_at_location' },
  HP: { status: 'available_for_pickup', subStatus: null },
  // Trouble
  DE: { status: 'exception', subStatus: null },
  'DE:03': { status: 'exception', subStatus: 'address_issue' },
  'DE:07': { status: 'exception', subStatus: 'refused' },
  'DE:08': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  'DE:15': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  'DE:A47': { status: 'exception', subStatus: 'held_at_location' },
  SE: { status: 'exception', subStatus: null },
  'SE:WEATHER': { status: 'exception', subStatus: 'weather_delay' },
  DY: { status: 'exception', subStatus: 'delayed' },
  'DY:WEATHER': { status: 'exception', subStatus: 'weather_delay' },
  DD: { status: 'exception', subStatus: 'delayed' },
  'DD:WEATHER': { status: 'exception', subStatus: 'weather_delay' },
  PD: { status: 'exception', subStatus: 'delayed' },
  RS: { status: 'exception', subStatus: 'returning_to_sender' },
  CA: { status: 'cancelled', subStatus: null },
}

/**
 * Codes deliberately not in {@link FEDEX_STATUS}: delivery-option requests (RR, RM, RC), a
 * changed delivery location (CH), return-label links (RP, LP, RG, RD) and split status (SP).
 * They are kept on the timeline with sub-status `unmapped` and never move the milestone.
 * @example FEDEX_INFORMATIONAL_CODES.includes('RR') // true
 */
export const FEDEX_INFORMATIONAL_CODES = ['RR', 'RM', 'RC', 'CH', 'RP', 'LP', 'RG', 'RD', 'SP'] as const

/**
 * FedEx's own coarse status (`derivedStatusCode`) → the milestone shown for a scan whose code
 * no table knows. Display only: an unmapped scan never moves the shipment's milestone.
 * @example FEDEX_DERIVED_FALLBACK.DL // 'delivered'
 */
export const FEDEX_DERIVED_FALLBACK: Readonly<Record<string, Status>> = {
  IN: 'info_received',
  PU: 'in_transit',
  IT: 'in_transit',
  DL: 'delivered',
  DE: 'exception',
  DY: 'exception',
  SE: 'exception',
  RS: 'exception',
  CA: 'cancelled',
}
