/** The adapter inside a Wismo instance: a pushed track and a poll of the same parcel store one event per scan. */
import { createWismo, memoryStore } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOOK_URL, NUMBERS, shippoApi, testShippo, webhookRequest } from './shippo-api.ts'

const api = shippoApi()
const server = setupServer(...api.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

describe('Shippo in a Wismo instance', () => {
  it('a signed track_updated, its redelivery and a poll of the same parcel leave one event per scan', async () => {
    const shippo = testShippo()
    // The fixture's scans are of early March 2026; Wismo's clock is set to that week.
    const clock = () => new Date('2026-03-04T12:00:00Z')
    const wismo = createWismo({ store: memoryStore(), carriers: [shippo], clock })
    // Shippo pushes every track of the account: one the shop never registered is acknowledged, not stored.
    const stranger = await wismo.webhooks.handle(await webhookRequest())
    expect(stranger.status).toBeLessThan(300)
    expect(await wismo.findShipment('shippo', NUMBERS.inTransit)).toBeNull()

    await wismo.registerShipment({
      trackingNumber: NUMBERS.inTransit,
      carrier: 'shippo',
      metadata: { shippoCarrier: 'ups' },
    })
    // Registering asked Shippo to push this number's updates.
    expect(api.calls).toContain('POST /tracks/')
    const first = await wismo.webhooks.handle(await webhookRequest())
    expect(first.status).toBeLessThan(300)
    const again = await wismo.webhooks.handle(await webhookRequest())
    expect(again.status).toBeLessThan(300)

    const [polled] = await shippo.track([NUMBERS.inTransit])
    if (!polled) throw new Error('the fixture number is known')
    const result = await wismo.ingest(polled)
    expect(result.newEvents).toHaveLength(0)

    const view = await wismo.findShipment('shippo', NUMBERS.inTransit)
    expect(view?.timeline).toHaveLength(4)
    expect(view?.shipment.status).toBe('in_transit')
    expect(view?.shipment.subStatus).toBe('delayed')
    expect(view?.shipment.eta?.best?.date).toBe('2026-03-06')
    // original_eta (03-05) then eta (03-06): Wismo records the slip as a reschedule.
    expect(view?.shipment.eta?.best?.source).toBe('carrier_rescheduled')
  })

  it('a delivery with a wrong URL token is refused and stores nothing', async () => {
    const wismo = createWismo({ store: memoryStore(), carriers: [testShippo()] })
    const url = HOOK_URL.replace(/token=.*/, 'token=guessed-token-000000000000')
    const response = await wismo.webhooks.handle(await webhookRequest({ url }))
    expect(response.status).toBe(401)
    expect(await wismo.findShipment('shippo', NUMBERS.inTransit)).toBeNull()
  })
})
