import { type Logger, statusMapper } from '@wismo/core'
import { describe, expect, it, vi } from 'vitest'
import { DHL_STATUS, DHL_TEXT_RULES, textKey } from './status-map.ts'

const map = statusMapper(DHL_STATUS, { carrier: 'dhl' })
const classify = (code: string, text: string) => {
  const { status, subStatus } = map(code, textKey(text))
  return [status, subStatus]
}

describe('DHL status table', () => {
  it.each([
    [
      'pre-transit',
      'The instruction data for this shipment have been provided by the sender to DHL electronically',
      'info_received',
      'label_created',
    ],
    ['transit', 'Shipment picked up', 'in_transit', 'picked_up'],
    ['transit', 'Processed at LEIPZIG - GERMANY', 'in_transit', 'arrived_at_facility'],
    ['transit', 'Departed Facility in LEIPZIG - GERMANY', 'in_transit', 'departed_facility'],
    ['transit', 'Clearance processing complete at CINCINNATI HUB - USA', 'in_transit', 'customs_processing'],
    ['transit', 'Shipment is on hold by customs', 'exception', 'customs_hold'],
    ['transit', 'Shipment is out with courier for delivery', 'out_for_delivery', null],
    ['transit', 'The shipment has been loaded onto the delivery vehicle.', 'out_for_delivery', null],
    [
      'transit',
      'The shipment is ready for pick-up at the PACKSTATION',
      'available_for_pickup',
      'held_at_location',
    ],
    ['transit', 'Delayed due to adverse weather conditions', 'exception', 'weather_delay'],
    ['transit', 'The shipment is being returned to the sender', 'in_transit', 'returning_to_sender'],
    [
      'transit',
      'The shipment has been processed in the parcel center of origin',
      'in_transit',
      'arrived_at_facility',
    ],
    ['transit', 'Something DHL has not said before', 'in_transit', null],
    ['delivered', 'Delivered', 'delivered', null],
    ['delivered', 'RETURNED TO SHIPPER', 'returned', null],
    ['delivered', 'The shipment has been successfully delivered back to the sender', 'returned', null],
    ['failure', 'DELIVERY ATTEMPTED - RECIPIENT NOT AT HOME', 'attempt_failed', 'recipient_unavailable'],
    ['failure', 'Incorrect address - unable to deliver', 'attempt_failed', 'address_issue'],
    ['failure', 'The recipient refused to accept the shipment', 'exception', 'refused'],
    ['failure', 'RETURN TO SENDER - ADDRESS UNKNOWN', 'exception', 'returning_to_sender'],
    ['failure', 'Something went wrong', 'exception', 'delivery_failure'],
    ['failure', 'Customer not available or business closed', 'attempt_failed', 'recipient_unavailable'],
    [
      'failure',
      'The shipment could not be delivered. It is ready for pickup at the retail outlet',
      'available_for_pickup',
      'held_at_location',
    ],
    ['transit', 'Clearance delay', 'exception', 'customs_hold'],
    ['transit', 'Awaiting collection by recipient as requested', 'available_for_pickup', 'held_at_location'],
  ])('%s "%s" → %s / %s', (code, text, status, subStatus) => {
    expect(classify(code, text)).toEqual([status, subStatus])
  })

  it('keeps "unknown" unmapped: the scan never moves the milestone, and it is logged once', () => {
    const warn = vi.fn()
    const log: Logger = { debug() {}, info() {}, warn, error() {} }
    const withLog = statusMapper(DHL_STATUS, { carrier: 'dhl', log })
    expect(withLog('unknown', textKey('TRACKING UPDATE'))).toEqual({
      status: 'in_transit',
      subStatus: 'unmapped',
      mapped: false,
    })
    withLog('unknown')
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('lets the host override a code or a code:key before the table', () => {
    const host = statusMapper(DHL_STATUS, {
      carrier: 'dhl',
      overrides: { unknown: { status: 'exception', subStatus: 'no_information' } },
    })
    expect(host('unknown')).toMatchObject({ status: 'exception', subStatus: 'no_information', mapped: true })
    const narrow = statusMapper(DHL_STATUS, {
      carrier: 'dhl',
      overrides: { 'transit:delayed': { status: 'in_transit', subStatus: 'delayed' } },
    })
    expect(narrow('transit', 'delayed').status).toBe('in_transit')
  })

  it('has an entry for every statusCode DHL documents except unknown, and every rule key is used', () => {
    for (const code of ['pre-transit', 'transit', 'delivered', 'failure'])
      expect(DHL_STATUS[code]).toBeDefined()
    expect(DHL_STATUS.unknown).toBeUndefined()
    const keys = new Set(Object.keys(DHL_STATUS).flatMap((k) => (k.includes(':') ? [k.split(':')[1]] : [])))
    for (const rule of DHL_TEXT_RULES) expect(keys.has(rule.key), rule.key).toBe(true)
  })
})
