import type { StatusTable } from '@wismo/core'

/**
 * Northwind Parcel's checkpoint states (and `state:reason` where the reason changes the meaning)
 * → Wismo milestone and sub-status. Data, not a switch: a new code is one line, and hosts
 * override entries with the carrier's `statusOverrides` option. A code missing here is kept
 * with its raw text, gets the sub-status `unmapped` and does not move the milestone.
 */
export const NORTHWIND_STATUS: StatusTable = {
  MAN: { status: 'info_received', subStatus: 'label_created' },
  COL: { status: 'in_transit', subStatus: 'picked_up' },
  HUB: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  TRN: { status: 'in_transit', subStatus: 'departed_facility' },
  OFD: { status: 'out_for_delivery' },
  ATT: { status: 'attempt_failed' },
  'ATT:NH': { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  'ATT:AX': { status: 'attempt_failed', subStatus: 'no_access' },
  PSH: { status: 'available_for_pickup', subStatus: 'parcel_shop' },
  DEL: { status: 'delivered' },
  'DEL:SP': { status: 'delivered', subStatus: 'safe_place' },
  'DEL:NB': { status: 'delivered', subStatus: 'neighbour' },
  EXC: { status: 'exception' },
  'EXC:WX': { status: 'exception', subStatus: 'weather_delay' },
  'EXC:AD': { status: 'exception', subStatus: 'address_issue' },
  'EXC:DM': { status: 'exception', subStatus: 'damaged' },
  RTS: { status: 'returned' },
  CAN: { status: 'cancelled' },
}
