import { describe, expect, it } from 'vitest'
import { UspsErrorSchema, UspsTrackingSchema } from './schema.ts'

describe('UspsTrackingSchema', () => {
  it('reads string and JSON booleans alike; an unreadable flag is null, not a failure', () => {
    const parsed = UspsTrackingSchema.parse({
      trackingNumber: '9400111206206406260787',
      onTime: 'true',
      trackingEvents: [
        { eventCode: '01', authorizedAgent: 'False' },
        { eventCode: '07', authorizedAgent: true },
        { eventCode: 'OF', authorizedAgent: 'N/A' },
      ],
    })
    expect(parsed.onTime).toBe(true)
    expect(parsed.trackingEvents?.map((e) => e.authorizedAgent)).toEqual([false, true, null])
  })

  it('reads numbers where text is documented, keeps fields it does not know, accepts nulls', () => {
    const parsed = UspsTrackingSchema.parse({
      trackingNumber: '9400111206206406260787',
      destinationZIP: 34442,
      services: 'USPS Tracking<SUP>&#174;</SUP>',
      trackingEvents: [{ eventZIP: null, eventCode: '01', additionalProp: null }],
    })
    expect(parsed.destinationZIP).toBe('34442')
    expect(parsed.services).toBe('USPS Tracking<SUP>&#174;</SUP>')
  })

  it('refuses what is not a tracking answer', () => {
    expect(UspsTrackingSchema.safeParse({ TrackResults: {} }).success).toBe(false)
    expect(UspsTrackingSchema.safeParse({ trackingNumber: '9400', trackingEvents: 'none' }).success).toBe(
      false,
    )
    expect(UspsTrackingSchema.safeParse([]).success).toBe(false)
  })

  it('tells USPS’s error envelope apart', () => {
    expect(UspsErrorSchema.safeParse({ apiVersion: '/tracking/v3', error: { code: '404' } }).success).toBe(
      true,
    )
    expect(UspsErrorSchema.safeParse({ trackingNumber: '9400' }).success).toBe(false)
  })
})
