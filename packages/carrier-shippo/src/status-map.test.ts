import { UNMAPPED_SUB_STATUS } from '@wismo/core'
import { describe, expect, it, vi } from 'vitest'
import enums from '../test/fixtures/tracking_enums.json' with { type: 'json' }
import { SHIPPO_STATUS, SHIPPO_STATUSES, SHIPPO_SUBSTATUSES, shippoStatusMapper } from './status-map.ts'

describe('Shippo status table', () => {
  it('knows every status of Shippo’s TrackingStatusEnum', () => {
    expect([...SHIPPO_STATUSES].sort()).toEqual([...enums.TrackingStatusEnum].sort())
    for (const status of SHIPPO_STATUSES) expect(Object.hasOwn(SHIPPO_STATUS, status), status).toBe(true)
  })

  it('maps every sub-status code under its documented status (all 27)', () => {
    const map = shippoStatusMapper({})
    expect(Object.keys(SHIPPO_SUBSTATUSES)).toHaveLength(27)
    for (const [code, parent] of Object.entries(SHIPPO_SUBSTATUSES)) {
      const statuses = parent === '*' ? SHIPPO_STATUSES : [parent]
      for (const status of statuses) expect(map(status, code).mapped, `${status}:${code}`).toBe(true)
      if (parent !== '*') expect(Object.hasOwn(SHIPPO_STATUS, `${parent}:${code}`), code).toBe(true)
    }
  })

  it.each([
    ['UNKNOWN', null, 'info_received', null],
    ['PRE_TRANSIT', 'information_received', 'info_received', 'label_created'],
    ['TRANSIT', null, 'in_transit', null],
    ['TRANSIT', 'out_for_delivery', 'out_for_delivery', null],
    ['TRANSIT', 'delivery_attempted', 'attempt_failed', 'recipient_unavailable'],
    ['TRANSIT', 'pickup_available', 'available_for_pickup', 'held_at_location'],
    ['TRANSIT', 'address_issue', 'exception', 'address_issue'],
    ['TRANSIT', 'delayed', 'in_transit', 'delayed'],
    ['DELIVERED', 'delivered', 'delivered', null],
    ['RETURNED', 'package_unclaimed', 'returned', 'unclaimed'],
    ['FAILURE', 'package_lost', 'exception', 'lost'],
    ['TRANSIT', 'other', 'in_transit', null],
    // A sub-status under another status than documented: the status decides.
    ['DELIVERED', 'information_received', 'delivered', null],
  ])('%s / %s → %s (%s)', (status, sub, milestone, subStatus) => {
    expect(shippoStatusMapper({})(status, sub)).toEqual({ status: milestone, subStatus, mapped: true })
  })

  it('lets the host override a status or one sub-status', () => {
    const map = shippoStatusMapper({
      overrides: {
        'TRANSIT:delayed': { status: 'exception', subStatus: 'delayed' },
        UNKNOWN: { status: 'pending' },
      },
    })
    expect(map('TRANSIT', 'delayed')).toEqual({ status: 'exception', subStatus: 'delayed', mapped: true })
    expect(map('UNKNOWN').status).toBe('pending')
    expect(map('TRANSIT', 'package_arrived').subStatus).toBe('arrived_at_facility')
  })

  it('keeps an unknown status as unmapped (never moving the milestone) and logs it once', () => {
    const warn = vi.fn()
    const log = { warn, debug: vi.fn(), info: vi.fn(), error: vi.fn(), child: () => log } as never
    const map = shippoStatusMapper({ log })
    expect(map('IN_ORBIT', 'other')).toEqual({
      status: 'in_transit',
      subStatus: UNMAPPED_SUB_STATUS,
      mapped: false,
    })
    expect(map('IN_ORBIT')).toMatchObject({ mapped: false })
    expect(map('IN_ORBIT').mapped).toBe(false)
    expect(map('constructor').mapped).toBe(false)
    // Once per key: `IN_ORBIT:other`, `IN_ORBIT`, `constructor`.
    expect(warn).toHaveBeenCalledTimes(3)
  })
})
