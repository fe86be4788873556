import { statusMapper } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import type { FedexTrackResult } from './schema.ts'
import { FEDEX_STATUS } from './status-map.ts'
import { placeOf, toEvent, toUpdate } from './to-update.ts'

const map = statusMapper(FEDEX_STATUS, { carrier: 'fedex' })
const ctx = { carrier: 'fedex', source: 'poll' as const, map }

describe('toEvent', () => {
  it('keeps the code, the exception code and both texts', () => {
    const event = toEvent(
      {
        date: '2024-04-25T11:26:00-07:00',
        eventType: 'DE',
        eventDescription: 'Delivery exception',
        exceptionCode: '08',
        exceptionDescription: 'Customer not available or business closed',
      },
      map,
    )
    expect(event).toEqual({
      status: 'attempt_failed',
      subStatus: 'recipient_unavailable',
      rawCode: 'DE:08',
      rawText: 'Delivery exception: Customer not available or business closed',
      occurredAt: '2024-04-25T11:26:00-07:00',
    })
  })

  it('shows an unknown code with FedEx’s derived status, marked unmapped', () => {
    const event = toEvent({ date: '2024-04-25T11:26:00Z', eventType: 'ZZ', derivedStatusCode: 'DL' }, map)
    expect(event).toMatchObject({ status: 'delivered', subStatus: 'unmapped', rawCode: 'ZZ', rawText: '' })
  })
})

describe('placeOf', () => {
  it('keeps city, region, postal code and country; drops empty fields and overlong countries', () => {
    expect(
      placeOf({ city: ' CLOVIS ', stateOrProvinceCode: 'CA', postalCode: '', countryCode: 'USA1' }),
    ).toEqual({
      city: 'CLOVIS',
      region: 'CA',
    })
    expect(placeOf({ countryName: 'United States' })).toBeUndefined()
  })
})

describe('toUpdate', () => {
  it('dates the latest status by its fact when FedEx sends no scans', () => {
    const result: FedexTrackResult = {
      latestStatusDetail: {
        code: 'DL',
        description: 'Delivered',
        scanLocation: { city: 'Blue Point', countryCode: 'US' },
      },
      dateAndTimes: [{ type: 'ACTUAL_DELIVERY', dateTime: '2024-08-20T12:41:57-04:00' }],
    }
    expect(toUpdate('738488882438', result, ctx).events).toEqual([
      {
        status: 'delivered',
        subStatus: null,
        rawCode: 'DL',
        rawText: 'Delivered',
        occurredAt: '2024-08-20T12:41:57-04:00',
        location: { city: 'Blue Point', country: 'US' },
      },
    ])
  })

  it('invents no event for an undated latest status', () => {
    const result: FedexTrackResult = { latestStatusDetail: { code: 'IT', description: 'In transit' } }
    expect(toUpdate('738488882438', result, ctx).events).toEqual([])
  })

  it('sets carrierShipmentId only when FedEx gives a unique id', () => {
    const info = (id: string) => ({ trackingNumberInfo: { trackingNumber: '1', trackingNumberUniqueId: id } })
    expect(toUpdate('1', info('12028~1~FDEG'), ctx).carrierShipmentId).toBe('12028~1~FDEG')
    expect(toUpdate('1', info(' '), ctx)).not.toHaveProperty('carrierShipmentId')
  })
})
