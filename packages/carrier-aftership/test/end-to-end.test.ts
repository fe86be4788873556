/** The adapter inside a Wismo instance: a signed push and the polled history of the same parcel store one event per scan. */
import { createWismo, memoryStore } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aftershipHandlers, NUMBERS, testAftership, webhookRequest } from './aftership-api.ts'

const server = setupServer(...aftershipHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

describe('AfterShip in a Wismo instance', () => {
  it('a webhook, its redelivery and a poll of the same parcel leave one event per scan', async () => {
    const aftership = testAftership()
    const wismo = createWismo({ store: memoryStore(), carriers: [aftership] })
    await wismo.registerShipment({ trackingNumber: NUMBERS.inTransit, carrier: 'aftership' })
    expect((await wismo.webhooks.handle(await webhookRequest())).status).toBeLessThan(300)
    expect((await wismo.webhooks.handle(await webhookRequest())).status).toBeLessThan(300)

    const [polled] = await aftership.track([NUMBERS.inTransit])
    if (!polled) throw new Error('the fixture number is known')
    const result = await wismo.ingest(polled)
    // The poll adds the three earlier scans; its departure scan is the pushed one.
    expect(result.newEvents).toHaveLength(3)

    const view = await wismo.findShipment('aftership', NUMBERS.inTransit)
    expect(view?.timeline).toHaveLength(5)
    expect(view?.shipment.status).toBe('out_for_delivery')
    expect(view?.shipment.carrierShipmentId).toBe('f1a7c3e2b9d04e6f8a2b5c7d9e1f3a5b')
  })

  it('a push for a parcel the shop never registered is acknowledged and not stored', async () => {
    // The default for aggregators: their webhooks cover every tracking on the account.
    const wismo = createWismo({ store: memoryStore(), carriers: [testAftership()] })
    expect((await wismo.webhooks.handle(await webhookRequest())).status).toBe(200)
    expect(await wismo.findShipment('aftership', NUMBERS.inTransit)).toBeNull()
  })

  it('a push signed with another secret is refused with 401 and stores nothing', async () => {
    const wismo = createWismo({ store: memoryStore(), carriers: [testAftership()] })
    const response = await wismo.webhooks.handle(await webhookRequest(undefined, 'an-old-retired-secret'))
    expect(response.status).toBe(401)
    expect(await wismo.findShipment('aftership', NUMBERS.inTransit)).toBeNull()
  })
})
