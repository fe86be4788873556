import type { DeliveredRecord, OutboxRow } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import {
  deliveriesPerDay,
  deliveryFigures,
  isOnTime,
  laneOfRecord,
  notificationFigures,
  percentile,
  transitDays,
} from '../src/metrics/aggregate.ts'
import { formatsOf } from '../src/render/format.ts'

const utc = formatsOf('en', 'UTC').dateOf
const berlin = formatsOf('en', 'Europe/Berlin').dateOf

const record = (over: Partial<DeliveredRecord>): DeliveredRecord => ({
  shipmentId: 'shp',
  carrier: 'ups',
  service: null,
  originRegion: 'MA',
  destinationRegion: 'CO',
  originCountry: 'US',
  destinationCountry: 'US',
  purchasedAt: null,
  handedOverAt: '2026-03-01T00:00:00Z',
  deliveredAt: '2026-03-03T00:00:00Z',
  promisedDate: null,
  ...over,
})

const row = (topic: string, state: OutboxRow['state']): OutboxRow => ({
  id: `${topic}-${state}-${Math.random()}`,
  idempotencyKey: 'k',
  shipmentId: 'shp',
  topic,
  payload: {},
  state,
  attempts: 1,
  availableAt: '2026-03-01T00:00:00Z',
  leaseOwner: null,
  leaseUntil: null,
  lastError: null,
  providerMessageId: null,
  createdAt: '2026-03-01T00:00:00Z',
  completedAt: null,
})

describe('percentile (nearest rank)', () => {
  it('takes the smallest value with p of the values at or below it', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10)
    expect(percentile([7], 0.9)).toBe(7)
    expect(percentile([], 0.5)).toBeNull()
  })
})

describe('transit and on-time', () => {
  it('counts days from hand-over to delivery, fractions kept', () => {
    expect(
      transitDays(record({ handedOverAt: '2026-03-01T12:00:00Z', deliveredAt: '2026-03-03T00:00:00Z' })),
    ).toBe(1.5)
    expect(transitDays(record({ handedOverAt: null }))).toBeNull()
  })

  it('is on time when delivered on or before the promised day, in the dashboard zone', () => {
    const late = record({ deliveredAt: '2026-03-05T23:30:00Z', promisedDate: '2026-03-05' })
    expect(isOnTime(late, utc)).toBe(true)
    // 23:30 UTC is 00:30 the next day in Berlin: a day late there.
    expect(isOnTime(late, berlin)).toBe(false)
    expect(isOnTime(record({ promisedDate: null }), utc)).toBeNull()
  })

  it('gives the figures of a group worked out by hand', () => {
    // Transit days 1, 2, 3, 4, 10 (and one without a hand-over); promises: 3 of 4 kept.
    const records = [
      record({
        handedOverAt: '2026-03-01T00:00:00Z',
        deliveredAt: '2026-03-02T00:00:00Z',
        promisedDate: '2026-03-02',
      }),
      record({
        handedOverAt: '2026-03-01T00:00:00Z',
        deliveredAt: '2026-03-03T00:00:00Z',
        promisedDate: '2026-03-02',
      }),
      record({
        handedOverAt: '2026-03-01T00:00:00Z',
        deliveredAt: '2026-03-04T00:00:00Z',
        promisedDate: '2026-03-04',
      }),
      record({
        handedOverAt: '2026-03-01T00:00:00Z',
        deliveredAt: '2026-03-05T00:00:00Z',
        promisedDate: '2026-03-09',
      }),
      record({ handedOverAt: '2026-03-01T00:00:00Z', deliveredAt: '2026-03-11T00:00:00Z' }),
      record({ handedOverAt: null, deliveredAt: '2026-03-06T00:00:00Z' }),
    ]
    expect(deliveryFigures(records, utc)).toEqual({
      delivered: 6,
      promised: 4,
      onTime: 3,
      onTimeRate: 0.75,
      timed: 5,
      transitMedianDays: 3,
      transitP90Days: 10,
    })
  })

  it('names a lane by region and country', () => {
    expect(laneOfRecord(record({}))).toBe('US-MA → US-CO')
    expect(laneOfRecord(record({ originRegion: null, originCountry: null, destinationCountry: null }))).toBe(
      '? → CO',
    )
  })
})

describe('notifications and days', () => {
  it('rates sent against given-up messages per channel, pending rows and other topics left out', () => {
    const rows = [
      row('notify.email', 'done'),
      row('notify.email', 'done'),
      row('notify.email', 'done'),
      row('notify.email', 'dead'),
      row('notify.sms', 'dead'),
      row('notify.sms', 'pending'),
      row('shipment.status_changed', 'dead'),
    ]
    expect(notificationFigures(rows)).toEqual([
      { channel: 'email', done: 3, dead: 1, deliveryRate: 0.75, failureRate: 0.25 },
      { channel: 'sms', done: 0, dead: 1, deliveryRate: 0, failureRate: 1 },
    ])
  })

  it('counts deliveries per day with empty days as zero and days outside left out', () => {
    const records = [
      record({ deliveredAt: '2026-03-01T10:00:00Z' }),
      record({ deliveredAt: '2026-03-01T23:00:00Z' }),
      record({ deliveredAt: '2026-03-03T01:00:00Z' }),
      record({ deliveredAt: '2026-03-09T01:00:00Z' }),
    ]
    expect(deliveriesPerDay(records, ['2026-03-01', '2026-03-02', '2026-03-03'], utc)).toEqual([
      { day: '2026-03-01', count: 2 },
      { day: '2026-03-02', count: 0 },
      { day: '2026-03-03', count: 1 },
    ])
  })
})
