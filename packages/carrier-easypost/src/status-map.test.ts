import type { Logger } from '@wismo/core'
import { describe, expect, it, vi } from 'vitest'
import {
  EASYPOST_STATUS_DETAILS,
  EASYPOST_STATUS_TABLE,
  EASYPOST_STATUSES,
  easypostRawCode,
  easypostStatusMapper,
} from './status-map.ts'

/** EasyPost's `TrackerStatus` (10) and `status_detail` (28) values, as its client library lists them. */
const STATUSES = [
  'unknown',
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'available_for_pickup',
  'return_to_sender',
  'failure',
  'cancelled',
  'error',
]
const DETAILS = [
  'address_correction',
  'arrived_at_destination',
  'arrived_at_facility',
  'arrived_at_pickup_location',
  'awaiting_information',
  'cancelled',
  'damaged',
  'delayed',
  'delivery_exception',
  'departed_facility',
  'departed_origin_facility',
  'expired',
  'failure',
  'held',
  'in_transit',
  'label_created',
  'lost',
  'missorted',
  'out_for_delivery',
  'received_at_destination_facility',
  'received_at_origin_facility',
  'refused',
  'return',
  'status_update',
  'transferred_to_destination_carrier',
  'transit_exception',
  'unknown',
  'weather_delay',
]

function spyLog(): Logger & { warn: ReturnType<typeof vi.fn> } {
  const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
  return log as unknown as Logger & { warn: ReturnType<typeof vi.fn> }
}

describe('EasyPost status table', () => {
  it('covers every status (10) and every status_detail (28), and every pair of them', () => {
    expect(Object.keys(EASYPOST_STATUSES).sort()).toEqual([...STATUSES].sort())
    expect(Object.keys(EASYPOST_STATUS_DETAILS).sort()).toEqual([...DETAILS].sort())
    expect(Object.keys(EASYPOST_STATUS_TABLE)).toHaveLength(10 + 10 * 28)
    const map = easypostStatusMapper()
    for (const s of STATUSES) for (const d of [null, ...DETAILS]) expect(map(s, d).mapped).toBe(true)
  })

  it.each([
    ['pre_transit', 'status_update', 'info_received', 'label_created'],
    ['in_transit', 'received_at_origin_facility', 'in_transit', 'picked_up'],
    ['in_transit', 'arrived_at_facility', 'in_transit', 'arrived_at_facility'],
    ['in_transit', 'weather_delay', 'exception', 'weather_delay'],
    ['in_transit', 'arrived_at_pickup_location', 'available_for_pickup', 'held_at_location'],
    ['out_for_delivery', 'delayed', 'out_for_delivery', 'delayed'],
    ['out_for_delivery', 'out_for_delivery', 'out_for_delivery', null],
    ['delivered', 'arrived_at_destination', 'delivered', 'arrived_at_destination'],
    ['failure', 'refused', 'exception', 'refused'],
    ['failure', 'return', 'exception', 'returning_to_sender'],
    ['return_to_sender', 'return', 'returned', 'returning_to_sender'],
    ['unknown', 'unknown', 'pending', null],
    ['error', 'unknown', 'pending', 'tracking_error'],
    ['pre_transit', 'cancelled', 'cancelled', 'label_created'],
    ['in_transit', 'expired', 'expired', null],
  ])('%s + %s → %s / %s', (status, detail, milestone, sub) => {
    expect(easypostStatusMapper()(status, detail)).toEqual({
      status: milestone,
      subStatus: sub,
      mapped: true,
    })
  })

  it('maps a status without detail (older payloads) by the status alone', () => {
    expect(easypostStatusMapper()('delivered')).toEqual({
      status: 'delivered',
      subStatus: null,
      mapped: true,
    })
  })

  it('keeps an unknown status as unmapped, logged once', () => {
    const log = spyLog()
    const map = easypostStatusMapper({ log })
    expect(map('teleported', 'status_update')).toEqual({
      status: 'in_transit',
      subStatus: 'unmapped',
      mapped: false,
    })
    map('teleported', 'status_update')
    expect(log.warn).toHaveBeenCalledTimes(1)
  })

  it('maps an unknown detail of a known status by the status, logged once', () => {
    const log = spyLog()
    const map = easypostStatusMapper({ log })
    expect(map('in_transit', 'new_detail')).toEqual({ status: 'in_transit', subStatus: null, mapped: true })
    map('in_transit', 'new_detail')
    expect(log.warn).toHaveBeenCalledTimes(1)
  })

  it('lets the host override a status (all its details) or one pair', () => {
    const map = easypostStatusMapper({
      overrides: {
        return_to_sender: { status: 'exception', subStatus: 'returning_to_sender' },
        'in_transit:held': { status: 'in_transit', subStatus: 'customs_hold' },
      },
    })
    expect(map('return_to_sender', 'return').status).toBe('exception')
    expect(map('in_transit', 'held')).toEqual({
      status: 'in_transit',
      subStatus: 'customs_hold',
      mapped: true,
    })
    expect(map('in_transit', 'lost').status).toBe('exception')
  })

  it('finds no inherited entry for codes like constructor', () => {
    expect(easypostStatusMapper()('constructor').mapped).toBe(false)
  })

  it('keeps status and detail as the raw code', () => {
    expect(easypostRawCode('in_transit', 'arrived_at_facility')).toBe('in_transit:arrived_at_facility')
    expect(easypostRawCode('delivered', null)).toBe('delivered')
  })
})
