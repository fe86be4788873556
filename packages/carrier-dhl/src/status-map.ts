import type { StatusTable } from '@wismo/core'

/**
 * DHL's `statusCode` is a closed, language-independent set of five: `pre-transit`, `transit`,
 * `delivered`, `failure`, `unknown`. It decides the milestone. The event's English text can
 * narrow it (out for delivery, ready for collection, a failed attempt, a return): the text is
 * first classified into one of the {@link DHL_TEXT_RULES} keys, then `statusCode:key` is looked
 * up here before `statusCode`. Hosts override either form through `statusOverrides`.
 *
 * `unknown` is deliberately absent: DHL says it does not know the state, so the scan is kept
 * (sub-status `unmapped`) and never moves the shipment's milestone.
 * @example DHL_STATUS['transit:out_for_delivery'] // { status: 'out_for_delivery', subStatus: null }
 */
export const DHL_STATUS: StatusTable = {
  'pre-transit': { status: 'info_received', subStatus: 'label_created' },
  'pre-transit:picked_up': { status: 'in_transit', subStatus: 'picked_up' },

  transit: { status: 'in_transit', subStatus: null },
  'transit:picked_up': { status: 'in_transit', subStatus: 'picked_up' },
  'transit:arrived_at_facility': { status: 'in_transit', subStatus: 'arrived_at_facility' },
  'transit:departed_facility': { status: 'in_transit', subStatus: 'departed_facility' },
  'transit:customs_processing': { status: 'in_transit', subStatus: 'customs_processing' },
  'transit:customs_hold': { status: 'exception', subStatus: 'customs_hold' },
  'transit:weather_delay': { status: 'exception', subStatus: 'weather_delay' },
  'transit:delayed': { status: 'exception', subStatus: 'delayed' },
  'transit:out_for_delivery': { status: 'out_for_delivery', subStatus: null },
  'transit:available_for_pickup': { status: 'available_for_pickup', subStatus: 'held_at_location' },
  'transit:attempt_failed': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  'transit:return_to_sender': { status: 'in_transit', subStatus: 'returning_to_sender' },

  delivered: { status: 'delivered', subStatus: null },
  'delivered:return_to_sender': { status: 'returned', subStatus: null },

  failure: { status: 'exception', subStatus: 'delivery_failure' },
  'failure:attempt_failed': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  'failure:address_issue': { status: 'attempt_failed', subStatus: 'address_issue' },
  'failure:refused': { status: 'exception', subStatus: 'refused' },
  'failure:damaged': { status: 'exception', subStatus: 'damaged' },
  'failure:customs_hold': { status: 'exception', subStatus: 'customs_hold' },
  'failure:customs_processing': { status: 'exception', subStatus: 'customs_hold' },
  'failure:weather_delay': { status: 'exception', subStatus: 'weather_delay' },
  'failure:delayed': { status: 'exception', subStatus: 'delayed' },
  'failure:return_to_sender': { status: 'exception', subStatus: 'returning_to_sender' },
  'failure:available_for_pickup': { status: 'available_for_pickup', subStatus: 'held_at_location' },

  // Not a DHL status code: a scan the adapter adds from `details.proofOfDelivery` when no
  // delivered event is listed (see README, "Proof of delivery").
  'proof-of-delivery': { status: 'delivered', subStatus: null },
}

/**
 * English phrases of DHL's event texts (`status`, `statusDetailed`, `description`), tried in
 * order; the first match names the key looked up as `statusCode:key` in {@link DHL_STATUS}.
 * A key without an entry for the event's code falls back to the code alone.
 */
export const DHL_TEXT_RULES: ReadonlyArray<{ key: string; pattern: RegExp }> = [
  {
    key: 'return_to_sender',
    pattern: /\b(?:return(?:ed|ing)?|back) to (?:the )?(?:sender|shipper|consignor)\b/i,
  },
  {
    key: 'out_for_delivery',
    pattern:
      /\bout (?:with (?:the )?courier )?for delivery\b|\bwith (?:the )?delivery courier\b|\bloaded onto the delivery vehicle\b/i,
  },
  {
    key: 'available_for_pickup',
    pattern:
      /\b(?:ready|available|awaiting) (?:for )?(?:pick[- ]?up|collection)\b|\bcan be (?:picked up|collected)\b/i,
  },
  { key: 'refused', pattern: /\brefused\b/i },
  { key: 'damaged', pattern: /\bdamaged?\b/i },
  {
    key: 'address_issue',
    pattern:
      /\b(?:incorrect|incomplete|invalid|wrong|insufficient) (?:delivery )?address\b|\baddress (?:is )?(?:incorrect|incomplete|invalid|unknown)\b/i,
  },
  {
    key: 'attempt_failed',
    pattern:
      /\battempted\b|\bdelivery attempt\b|\bnot at home\b|\b(?:recipient|consignee|customer|receiver) (?:was )?not (?:available|present)\b|\bbusiness (?:was )?closed\b|\bclosed on arrival\b|\bcould not be delivered\b|\bunsuccessful delivery\b/i,
  },
  {
    key: 'customs_hold',
    pattern:
      /\b(?:held|on hold|hold) (?:by|at|in) customs\b|\b(?:customs|clearance) (?:hold|delay)\b|\bpending completion of customs\b/i,
  },
  { key: 'customs_processing', pattern: /\bcustoms\b|\bclearance\b/i },
  { key: 'weather_delay', pattern: /\bweather\b/i },
  { key: 'delayed', pattern: /\bdelay(?:ed)?\b|\bmissed connection\b/i },
  {
    key: 'picked_up',
    pattern: /\bpicked up\b|\bpickup (?:was )?successful\b|\bcollected from (?:the )?(?:sender|shipper)\b/i,
  },
  {
    key: 'departed_facility',
    pattern: /\bdeparted\b|\bleft (?:the )?(?:facility|hub|parcel cent(?:er|re)|origin)\b/i,
  },
  { key: 'arrived_at_facility', pattern: /\barrived\b|\barrival\b|\bprocessed (?:at|in)\b|\breceived at\b/i },
]

/**
 * The text-rule key of an event's texts, or `undefined` when none matches.
 * @example textKey('Shipment is out for delivery') // 'out_for_delivery'
 */
export function textKey(...texts: ReadonlyArray<string | undefined>): string | undefined {
  const joined = texts.filter(Boolean).join(' \n ')
  return DHL_TEXT_RULES.find((r) => r.pattern.test(joined))?.key
}
