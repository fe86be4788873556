/**
 * UPS tracked directly and through EasyPost at once: the host registers the parcel with UPS,
 * EasyPost pushes its tracker (carrier `UPS`), the UPS adapter polls, and both meet in one timeline.
 */
import { readFileSync } from 'node:fs'
import { upsCarrier } from '@wismo/carrier-ups'
import { createWismo, memoryStore } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { easypostHandlers, testEasypost, webhookRequest } from './easypost-api.ts'

const UPS = 'https://ups.test'
const NUMBER = '1ZW1947X0344851772'
// The UPS package's own Track API fixture for this number: four scans with GMT offsets.
const upsFixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../carrier-ups/test/fixtures/${name}`, import.meta.url), 'utf8'))

const server = setupServer(
  ...easypostHandlers(),
  http.post(`${UPS}/security/v1/oauth/token`, () => HttpResponse.json(upsFixture('token.json'))),
  http.get(`${UPS}/api/track/v1/details/${NUMBER}`, () =>
    HttpResponse.json(upsFixture('track-in-transit.json')),
  ),
)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

/** EasyPost's view of the same parcel: its words, UTC times to the minute, and one scan UPS has not shown yet. */
function trackerUpdated(): string {
  const detail = (
    datetime: string,
    status: string,
    status_detail: string,
    message: string,
    city: string | null,
    state: string | null,
  ) => ({
    object: 'TrackingDetail',
    datetime,
    status,
    status_detail,
    message,
    source: 'UPS',
    tracking_location: { object: 'TrackingLocation', city, state, country: city ? 'US' : null, zip: null },
  })
  return JSON.stringify({
    object: 'Event',
    id: 'evt_side_by_side_1',
    description: 'tracker.updated',
    result: {
      object: 'Tracker',
      id: 'trk_side_by_side',
      mode: 'test',
      tracking_code: NUMBER,
      carrier: 'UPS',
      status: 'out_for_delivery',
      status_detail: 'out_for_delivery',
      created_at: '2026-03-03T14:12:31Z',
      updated_at: '2026-03-04T13:05:00Z',
      tracking_details: [
        detail('2026-03-03T14:12:00Z', 'pre_transit', 'label_created', 'Shipper created a label', null, null),
        detail(
          '2026-03-03T22:12:00Z',
          'in_transit',
          'received_at_origin_facility',
          'Pickup Scan',
          'PARSIPPANY',
          'NJ',
        ),
        detail(
          '2026-03-04T03:54:00Z',
          'in_transit',
          'departed_facility',
          'Departed from Facility',
          'PARSIPPANY',
          'NJ',
        ),
        detail(
          '2026-03-04T09:30:00Z',
          'in_transit',
          'arrived_at_facility',
          'Arrived at Facility',
          'CHARLOTTE',
          'NC',
        ),
        detail(
          '2026-03-04T13:05:00Z',
          'out_for_delivery',
          'out_for_delivery',
          'Out For Delivery Today',
          'CHARLOTTE',
          'NC',
        ),
      ],
    },
  })
}

describe('UPS and EasyPost side by side for one parcel', () => {
  it('meet in one shipment and one timeline, each scan once, whichever comes first', async () => {
    for (const order of [
      ['push', 'poll'],
      ['poll', 'push'],
    ] as const) {
      const ups = upsCarrier({
        clientId: 'wismo-test-client-id',
        clientSecret: 'ups-test-client-secret-0001',
        baseUrl: UPS,
        retries: 0,
      })
      const wismo = createWismo({
        store: memoryStore(),
        carriers: [ups, testEasypost()],
        clock: () => new Date('2026-03-04T14:00:00Z'),
      })
      const shipment = await wismo.registerShipment({ trackingNumber: NUMBER, carrier: 'ups' })
      for (const step of order) {
        if (step === 'push')
          expect((await wismo.webhooks.handle(await webhookRequest(trackerUpdated()))).status).toBe(200)
        else {
          const [polled] = await ups.track([NUMBER])
          await wismo.ingest(polled ?? expect.fail('UPS knows the number'))
        }
      }
      const view = await wismo.getShipment(shipment.id)
      expect((await wismo.store.listShipments({})).items, order.join(' → ')).toHaveLength(1)
      // Four scans both report, plus EasyPost's out-for-delivery: five, not nine.
      expect(
        view.timeline.map((e) => e.status),
        order.join(' → '),
      ).toEqual(['info_received', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery'])
      expect(view.shipment).toMatchObject({
        carrier: 'ups',
        status: 'out_for_delivery',
        carrierShipmentId: null,
      })
      expect(view.timeline.at(-1)?.via).toBe('easypost')
    }
  })
})
