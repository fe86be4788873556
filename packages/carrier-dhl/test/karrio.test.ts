import { createWismo, isWismoError } from '@wismo/core'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { dhlCarrier } from '../src/index.ts'
import { API_KEY, dhlApi, TRACK_URL } from './dhl-api.ts'
import { karrio, karrioAvailable } from './karrio-data.ts'

/**
 * Real DHL Unified tracking bodies collected by karrio (karrioapi/karrio @ deea10f, LGPL-3.0; see
 * read from ../shared/data, never copied), served over HTTP as DHL would, through `track` and into a Wismo
 * instance: each must end at the milestone and with the scans listed here, or at the listed error.
 * The other DHL files in that collection are other APIs (DHL Express XML, MyDHL, Parcel DE XML).
 */
const responseSample = 'responses/dhl_universal__TrackingResponseJSON.json'
const errorSample = 'responses/dhl_universal__TrackingErrorResponseJSON.json'
const schemaSample = 'schema_samples/dhl_universal__tracking.json'
const part = (name: string, key: string): JsonBodyType =>
  (karrio(name) as Record<string, JsonBodyType>)[key] ?? null

type Expected =
  | { milestone: string; events: number; pieces: number; rawCodes: string[] }
  | { omitted: true }
  | { error: string }

const TABLE: ReadonlyArray<{ file: string; status: number; body: () => JsonBodyType; expected: Expected }> = [
  {
    // DHL's published example: one `pre-transit` event whose text says DELIVERED, a proof of
    // delivery with a time, 11 piece ids for "8" pieces, `"string"` as the signature URL.
    file: responseSample,
    status: 200,
    body: () => karrio(responseSample),
    expected: {
      milestone: 'delivered',
      events: 2,
      pieces: 11,
      rawCodes: ['pre-transit', 'proof-of-delivery'],
    },
  },
  { file: errorSample, status: 404, body: () => karrio(errorSample), expected: { omitted: true } },
  {
    file: `${schemaSample} → trackingResponse`,
    status: 200,
    body: () => part(schemaSample, 'trackingResponse'),
    expected: {
      milestone: 'delivered',
      events: 2,
      pieces: 11,
      rawCodes: ['pre-transit', 'proof-of-delivery'],
    },
  },
  {
    file: `${schemaSample} → error`,
    status: 404,
    body: () => part(schemaSample, 'error'),
    expected: { omitted: true },
  },
  {
    // The sample's request echo is no tracking answer: it must not pass for one.
    file: `${schemaSample} → trackingRequest`,
    status: 200,
    body: () => part(schemaSample, 'trackingRequest'),
    expected: { error: 'CARRIER_RESPONSE_INVALID' },
  },
]

beforeAll(() => dhlApi.listen({ onUnhandledFrame: 'error' }))
afterEach(() => dhlApi.resetHandlers())
afterAll(() => dhlApi.close())

describe.skipIf(!karrioAvailable)('karrio real-world DHL Unified responses', () => {
  it.each(TABLE)('$file', async ({ status, body, expected }) => {
    dhlApi.use(http.get(TRACK_URL, () => HttpResponse.json(body(), { status })))
    const dhl = dhlCarrier({ apiKey: API_KEY, retries: 0 })
    const tracked = dhl.track(['7777777770'])
    if ('error' in expected) {
      const error = await tracked.then(
        () => null,
        (e: unknown) => e,
      )
      expect(isWismoError(error) ? error.code : error).toBe(expected.error)
      return
    }
    const updates = await tracked
    if ('omitted' in expected) return expect(updates).toEqual([])
    expect(updates).toHaveLength(1)
    const [update] = updates
    if (!update) throw new Error('unreachable')
    expect(update.events.map((e) => e.rawCode)).toEqual(expected.rawCodes)
    expect(update.pieces).toHaveLength(expected.pieces)

    const wismo = createWismo({ carriers: [dhl] })
    await wismo.ingest(update)
    const view = await wismo.findShipment('dhl', '7777777770')
    expect(view?.shipment.status).toBe(expected.milestone)
    expect(view?.timeline).toHaveLength(expected.events)
  })

  it('the published example keeps its times as written: events local, estimates and POD in UTC', async () => {
    dhlApi.use(http.get(TRACK_URL, () => HttpResponse.json(karrio(responseSample))))
    const [update] = await dhlCarrier({ apiKey: API_KEY }).track(['7777777770'])
    expect(update?.events.map((e) => e.occurredAt)).toEqual(['2018-03-02T07:53:47', '2018-09-05T16:33:00Z'])
    expect(update?.carrierShipmentId).toBe('express:7777777770')
    expect(update?.events[0]).toMatchObject({ status: 'info_received', rawText: 'JESSICA' })
    expect(update?.estimates).toEqual([
      { source: 'carrier_scheduled', date: '2018-08-03', confidence: 0.7 },
      {
        source: 'carrier_window',
        date: '2018-08-03',
        earliest: '2018-08-03T00:00:00Z',
        latest: '2018-08-03T22:00:00Z',
        confidence: 0.8,
      },
    ])
  })
})
