/**
 * The closed milestone enum every carrier maps into. Sub-statuses are open strings
 * (`weather_delay`, `address_issue`, `customs_hold`, ...).
 */
export const STATUSES = [
  'pending',
  'info_received',
  'in_transit',
  'out_for_delivery',
  'attempt_failed',
  'available_for_pickup',
  'delivered',
  'exception',
  'returned',
  'cancelled',
  'expired',
] as const

export type Status = (typeof STATUSES)[number]

/** States a shipment settles in. Only the transitions in `TRANSITIONS` leave them. */
export const TERMINAL_STATUSES: readonly Status[] = ['delivered', 'returned', 'cancelled']

/** Every status a shipment can still leave: it is on its way (or stuck) but not settled. */
export const ACTIVE_STATUSES: readonly Status[] = STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s))

/** Sub-statuses Wismo itself knows about; carriers may add their own. */
export const KNOWN_SUB_STATUSES = [
  'label_created',
  'picked_up',
  'arrived_at_facility',
  'departed_facility',
  'in_transit_to_destination',
  'customs_hold',
  'customs_cleared',
  'weather_delay',
  'address_issue',
  'recipient_unavailable',
  'delayed',
  'damaged',
  'lost',
  'returning_to_sender',
  'rescheduled',
  'held_at_location',
  'signed',
  'left_at_door',
] as const
