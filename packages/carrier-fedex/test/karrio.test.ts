import { isWismoError, type TrackingUpdate } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fedexCarrier } from '../src/index.ts'
import { karrio, karrioAvailable } from './karrio-data.ts'
import { CLIENT, fedexApi, milestoneOf, trackAnswer } from './mock-api.ts'

/**
 * Real FedEx Track API answers, as karrio's tests keep them (read from ../shared/data, never copied: LGPL-3.0),
 * served verbatim. `TrackingResponse` is FedEx's documentation sample: placeholder values (an
 * `error` next to full data, a 2007 delivery date) but a real shape. The adapter reads it as is:
 * a result that has tracking data is kept even when it also carries an `error`.
 */
const server = setupServer(...fedexApi(() => undefined).handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const carrier = () => fedexCarrier({ ...CLIENT, retries: 0 })

async function trackWith(file: string, numbers: string[], status = 200): Promise<TrackingUpdate[]> {
  server.use(trackAnswer(karrio(`responses/${file}`), status))
  return carrier().track(numbers)
}

interface Parcel {
  number: string
  carrierShipmentId: string
  milestone: string
  events: number
}

const TABLE: { file: string; asked: string[]; parcels: Parcel[] }[] = [
  {
    file: 'fedex__TrackingResponse.json',
    asked: ['123456789012', '39936862321'],
    // 39936862321 answers TRACKING.TRACKINGNUMBER.NOTFOUND: left out.
    parcels: [
      {
        number: '123456789012',
        carrierShipmentId: '245822~123456789012~FDEG',
        milestone: 'in_transit',
        events: 1,
      },
    ],
  },
  {
    file: 'fedex__DuplicateTrackingResponse.json',
    asked: ['776094337676'],
    parcels: [
      {
        number: '776094337676',
        carrierShipmentId: '2460425000~776094337676~FX',
        milestone: 'in_transit',
        events: 10,
      },
      {
        number: '776094337676',
        carrierShipmentId: '2460426000~776094337676~FX',
        milestone: 'delivered',
        events: 8,
      },
    ],
  },
  {
    file: 'fedex__InconsistentDateTimeResponse.json',
    asked: ['738488882438'],
    parcels: [
      {
        number: '738488882438',
        carrierShipmentId: '12028~738488882438~FDEG',
        milestone: 'delivered',
        events: 17,
      },
    ],
  },
]

describe.skipIf(!karrioAvailable)('karrio FedEx responses', () => {
  it.each(TABLE)('$file → $parcels.length parcel(s)', async ({ file, asked, parcels }) => {
    const updates = await trackWith(file, asked)
    const got = await Promise.all(
      updates.map(async (u) => ({
        number: u.trackingNumber,
        carrierShipmentId: u.carrierShipmentId,
        milestone: await milestoneOf(u),
        events: u.events.length,
      })),
    )
    expect(got).toEqual(parcels)
  })

  it.each([
    ['fedex__ErrorResponse.json', 200, 'CARRIER_REQUEST_REJECTED'],
    ['fedex__ErrorResponse.json', 400, 'CARRIER_REQUEST_REJECTED'],
    // A /trackingdocuments (proof of delivery) answer is not a track answer.
    ['fedex__ProofOfDeliveryResponse.json', 200, 'CARRIER_RESPONSE_INVALID'],
  ] as const)('%s (HTTP %i) → %s', async (file, status, code) => {
    const error = await trackWith(file, ['123456789012'], status).catch((e: unknown) => e)
    expect(isWismoError(error) ? error.code : error).toBe(code)
  })

  it('keeps every offset of InconsistentDateTimeResponse exactly as FedEx wrote it', async () => {
    const [update] = await trackWith('fedex__InconsistentDateTimeResponse.json', ['738488882438'])
    const times = update?.events.map((e) => e.occurredAt) ?? []
    expect(times).toContain('2024-08-20T12:41:57-04:00')
    expect(times).toContain('2024-08-16T07:35:16-05:00')
    expect(times).toContain('2024-08-15T00:00:00') // the pickup, given without an offset
    expect(times.filter((t) => t.endsWith('Z'))).toEqual([])
  })

  it('reads the reused number as two parcels with their own scans and estimates', async () => {
    const [first, second] = await trackWith('fedex__DuplicateTrackingResponse.json', ['776094337676'])
    expect(first?.events[0]).toMatchObject({
      rawCode: 'AR',
      status: 'in_transit',
      occurredAt: '2024-04-26T07:50:00-07:00',
    })
    expect(first?.events.find((e) => e.rawCode === 'DY:A52')).toMatchObject({
      status: 'exception',
      subStatus: 'delayed',
    })
    expect(second?.events.find((e) => e.rawCode === 'DE:08')).toMatchObject({
      status: 'attempt_failed',
      subStatus: 'recipient_unavailable',
      rawText: 'Delivery exception: Customer not available or business closed',
    })
    // FedEx gives no estimate here, only the service's standard transit window.
    expect(first?.estimates).toEqual([
      { source: 'carrier_scheduled', date: '2024-04-25T10:30:00-07:00', confidence: 0.5 },
    ])
    expect(second?.estimates).toEqual([{ source: 'carrier_scheduled', date: '2024-04-26', confidence: 0.5 }])
    expect(first?.service).toBe('FedEx Priority Overnight')
  })

  it('reads the documentation sample’s window and places, and no street or name', async () => {
    const [update] = await trackWith('fedex__TrackingResponse.json', ['123456789012'])
    expect(update?.estimates).toEqual([
      {
        source: 'carrier_window',
        date: '2021-10-15',
        earliest: '2021-10-01T08:00:00',
        latest: '2021-10-15',
        confidence: 0.75,
      },
    ])
    expect(update?.origin).toEqual({ city: 'SEATTLE', region: 'WA', postalCode: '98101', country: 'US' })
    expect(JSON.stringify(update)).not.toMatch(/Easy Street|Suite 999|John Taylor/)
  })
})
