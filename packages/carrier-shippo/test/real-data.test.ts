/**
 * Every real Shippo body we have (the python client's recorded `/tracks` answers and the OpenAPI
 * spec's examples, MIT, copied in `fixtures/`, see SOURCE.md) parsed to the milestone and event
 * count a reader of the body expects.
 */
import { isWismoError, TrackingUpdateSchema } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { parseWebhook, shippoStatusMapper } from '../src/index.ts'
import { readTrack, trackUpdate } from '../src/parse.ts'
import { fixture } from './shippo-api.ts'

const map = shippoStatusMapper({})

const TRACKS: ReadonlyArray<[file: string, last: string | null, events: number, eta: string | null]> = [
  ['test_get_status__0_GET_200.json', 'delivered', 11, '2016-12-08'],
  ['test_create__0_POST_201.json', 'delivered', 11, '2016-12-08'],
  ['test_invalid_create__1_POST_201.json', null, 0, null],
  ['Track.schema-example.json', 'delivered', 1, '2023-11-07T05:31:56Z'],
  ['track-ups-transit.json', 'in_transit', 4, '2026-03-06'],
]

describe('real Shippo bodies', () => {
  it.each(TRACKS)('%s → %s, %i events, ETA %s', (file, last, count, eta) => {
    const update = trackUpdate(readTrack(fixture(file)), map, 'poll')
    if (last === null) return expect(update).toBeNull()
    expect(TrackingUpdateSchema.safeParse(update).success).toBe(true)
    const events = update?.events ?? []
    expect(events).toHaveLength(count)
    const latest = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)).at(-1)
    expect(latest?.status).toBe(last)
    expect(update?.estimates?.at(-1)?.date ?? null).toBe(eta)
    expect(update?.carrier).toBe('shippo')
  })

  it('reads the recorded USPS journey scan by scan', () => {
    const update = trackUpdate(readTrack(fixture('test_get_status__0_GET_200.json')), map, 'poll')
    expect(update?.service).toBe('USPS Priority Mail')
    expect(update?.destination).toEqual({
      city: 'Berkeley',
      region: 'CA',
      postalCode: '94705',
      country: 'US',
    })
    expect(update?.events.map((e) => e.status)).toEqual([
      'info_received',
      'info_received',
      ...Array(8).fill('in_transit'),
      'delivered',
    ])
    expect(update?.events[2]).toMatchObject({
      rawCode: 'TRANSIT',
      rawText: 'Your shipment has been accepted at the USPS origin facility.',
      occurredAt: '2016-12-07T19:04:00Z',
      location: { city: 'San Francisco', region: 'CA', postalCode: '94103', country: 'US' },
      providerEventId: '5b19325d7ca24d77a07ef30e09afc320',
    })
    expect(update?.events[0]?.location).toBeUndefined()
  })

  it('parses the spec’s track_updated webhook example', () => {
    const [update, ...rest] = parseWebhook(fixture('WebhookPayloadTrack.schema-example.json'), map)
    expect(rest).toEqual([])
    expect(update).toMatchObject({ source: 'webhook', trackingNumber: '9205590164917312751089' })
    expect(update?.events).toHaveLength(1)
    expect(update?.events[0]).toMatchObject({
      status: 'delivered',
      rawCode: 'DELIVERED:information_received',
    })
    // original_eta (2021-07-23, a UTC midnight: a date) is older than eta: listed first.
    expect(update?.estimates?.map((e) => e.date)).toEqual(['2021-07-23', '2023-11-07T05:31:56Z'])
  })

  it.each(['test_invalid_create__0_POST_400.json', 'test_invalid_get_status__0_GET_400.json'])(
    'an error body (%s) is CARRIER_RESPONSE_INVALID, not a track',
    (file) => {
      let error: unknown
      try {
        readTrack(fixture(file))
      } catch (e) {
        error = e
      }
      expect(isWismoError(error, 'CARRIER_RESPONSE_INVALID')).toBe(true)
    },
  )
})
