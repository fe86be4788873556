import type { Status } from '@wismo/core'

/** What one sandbox scan code means: Wismo milestone, sub-status, and the carrier's own text. */
export interface SandboxCodeMeaning {
  status: Status
  subStatus: string | null
  text: string
}

/**
 * The sandbox carrier's raw scan codes, mapped to Wismo statuses. Data, not a switch: the
 * simulator plans journeys in these codes, and `track`/webhook parsing map them through here.
 * @example STATUS_MAP.OD.status // 'out_for_delivery'
 */
export const STATUS_MAP = {
  MI: {
    status: 'info_received',
    subStatus: 'label_created',
    text: 'Shipment information received, label created',
  },
  PU: { status: 'in_transit', subStatus: 'picked_up', text: 'Picked up by courier' },
  AR: { status: 'in_transit', subStatus: 'arrived_at_facility', text: 'Arrived at sorting facility' },
  DP: { status: 'in_transit', subStatus: 'departed_facility', text: 'Departed sorting facility' },
  CI: { status: 'in_transit', subStatus: 'customs_processing', text: 'Import customs clearance in progress' },
  CR: { status: 'in_transit', subStatus: 'customs_cleared', text: 'Released by customs' },
  CH: {
    status: 'exception',
    subStatus: 'customs_hold',
    text: 'Held by customs, documents required from importer',
  },
  WX: { status: 'exception', subStatus: 'weather_delay', text: 'Delayed by severe weather' },
  MC: { status: 'exception', subStatus: 'delayed', text: 'Missed connection, moves on the next departure' },
  DM: { status: 'exception', subStatus: 'damaged', text: 'Packaging damaged, repackaged at facility' },
  OD: { status: 'out_for_delivery', subStatus: null, text: 'Out for delivery' },
  NA: {
    status: 'attempt_failed',
    subStatus: 'recipient_unavailable',
    text: 'Delivery attempted, recipient not available',
  },
  AD: {
    status: 'attempt_failed',
    subStatus: 'address_issue',
    text: 'Delivery attempted, address incomplete or incorrect',
  },
  HL: {
    status: 'available_for_pickup',
    subStatus: 'held_at_location',
    text: 'Held at access point for collection',
  },
  DL: { status: 'delivered', subStatus: 'left_at_door', text: 'Delivered, left at front door' },
  DS: { status: 'delivered', subStatus: 'signed', text: 'Delivered, signed for by recipient' },
  CL: { status: 'delivered', subStatus: 'collected', text: 'Collected by recipient at access point' },
  RS: { status: 'exception', subStatus: 'returning_to_sender', text: 'Undeliverable, returning to sender' },
  RT: { status: 'in_transit', subStatus: 'returning_to_sender', text: 'Return to sender in transit' },
  RD: { status: 'returned', subStatus: null, text: 'Returned to sender' },
  LS: { status: 'exception', subStatus: 'lost', text: 'Shipment cannot be located, investigation opened' },
} as const satisfies Record<string, SandboxCodeMeaning>

/** A sandbox scan code (`'AR'`, `'OD'`, ...). */
export type SandboxCode = keyof typeof STATUS_MAP

/**
 * Codes this table does not know (a newer carrier API) still move the parcel along: they count as
 * `in_transit` and keep their raw code and text, rather than failing the whole update.
 */
const UNKNOWN_CODE = { status: 'in_transit', subStatus: null } as const

/**
 * The Wismo status and sub-status of a raw sandbox code.
 * @example mapSandboxCode('NA') // { status: 'attempt_failed', subStatus: 'recipient_unavailable' }
 */
export function mapSandboxCode(code: string): { status: Status; subStatus: string | null } {
  const meaning = Object.hasOwn(STATUS_MAP, code) ? STATUS_MAP[code as SandboxCode] : UNKNOWN_CODE
  return { status: meaning.status, subStatus: meaning.subStatus }
}
