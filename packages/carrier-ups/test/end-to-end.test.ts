/** The adapter inside a Wismo instance: a Track Alert push and a poll of the same scan store one event. */
import { createWismo, memoryStore } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDENTIAL, fixture, NUMBERS, testUps, trackAlertRequest, upsHandlers } from './ups-api.ts'

const server = setupServer(...upsHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

/** The Charlotte arrival of the in-transit fixture, as Track Alert pushes it. */
const arrivalPush = {
  ...(fixture('track-alert-out-for-delivery.json') as object),
  localActivityDate: '20260304',
  localActivityTime: '043052',
  gmtActivityDate: '20260304',
  gmtActivityTime: '093052',
  activityLocation: { city: 'CHARLOTTE', stateProvince: 'NC', postalCode: '', country: 'US' },
  activityStatus: { type: 'I', code: 'AR', description: 'Arrived at Facility', descriptionCode: '005' },
}

describe('UPS in a Wismo instance', () => {
  it('a pushed scan and the polled history of the same parcel leave one event per scan', async () => {
    const ups = testUps()
    const wismo = createWismo({ store: memoryStore(), carriers: [ups] })
    const response = await wismo.webhooks.handle(trackAlertRequest(arrivalPush))
    expect(response.status).toBeLessThan(300)

    const [polled] = await ups.track([NUMBERS.inTransit])
    if (!polled) throw new Error('the fixture number is known')
    const result = await wismo.ingest(polled)
    expect(result.newEvents).toHaveLength(3)

    const view = await wismo.findShipment('ups', NUMBERS.inTransit)
    expect(view?.timeline).toHaveLength(4)
    expect(view?.shipment.status).toBe('in_transit')
    expect(view?.shipment.subStatus).toBe('arrived_at_facility')
  })

  it('a push with a wrong credential is refused and stores nothing', async () => {
    const wismo = createWismo({ store: memoryStore(), carriers: [testUps()] })
    const response = await wismo.webhooks.handle(trackAlertRequest(arrivalPush, `${CREDENTIAL}-old`))
    expect(response.status).toBe(401)
    expect(await wismo.findShipment('ups', NUMBERS.inTransit)).toBeNull()
  })
})
