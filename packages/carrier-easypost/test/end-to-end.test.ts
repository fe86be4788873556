/** The adapter inside a Wismo instance: signed pushes, polls and several trackers of one parcel. */
import { createWismo, memoryStore } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { easypostHandlers, fixture, NUMBERS, testEasypost, webhookRequest } from './easypost-api.ts'

const server = setupServer(...easypostHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

/** A tracker.updated event for the in-transit fixture, as tracker `id` and with `details` scans. */
function event(id: string, details: number) {
  const tracker = fixture('tracker-in-transit.json') as { tracking_details: unknown[] }
  const result = { ...tracker, id, tracking_details: tracker.tracking_details.slice(0, details) }
  return JSON.stringify({
    object: 'Event',
    id: `evt_${id}_${details}`,
    description: 'tracker.updated',
    result,
  })
}

describe('EasyPost in a Wismo instance', () => {
  it('acknowledges a push for a tracker the shop never registered and stores nothing (the default)', async () => {
    // EasyPost sends every tracker of the account: `unknownShipments: 'auto'` ignores the unknown ones.
    const wismo = createWismo({ store: memoryStore(), carriers: [testEasypost()] })
    expect((await wismo.webhooks.handle(await webhookRequest())).status).toBe(200)
    expect(await wismo.findShipment('easypost', '1')).toBeNull()
  })

  // The tests below keep unknown trackers (`unknownShipments: 'create'`) to show how pushes and
  // polls of one code meet, whichever arrives first.
  it('stores a signed push once, however often EasyPost delivers it', async () => {
    const wismo = createWismo({
      store: memoryStore(),
      carriers: [testEasypost()],
      unknownShipments: 'create',
    })
    for (let i = 0; i < 2; i++)
      expect((await wismo.webhooks.handle(await webhookRequest())).status).toBeLessThan(300)
    const view = await wismo.findShipment('easypost', '1')
    expect(view?.timeline).toHaveLength(7)
    expect(view?.shipment).toMatchObject({ status: 'in_transit', carrierShipmentId: 'trk_1' })
  })

  it('refuses an unsigned push and stores nothing', async () => {
    const wismo = createWismo({ store: memoryStore(), carriers: [testEasypost()] })
    expect((await wismo.webhooks.handle(await webhookRequest(undefined, null))).status).toBe(401)
    expect(await wismo.findShipment('easypost', '1')).toBeNull()
  })

  it('a push and a poll of the same tracker leave one event per scan', async () => {
    const easypost = testEasypost()
    const wismo = createWismo({ store: memoryStore(), carriers: [easypost], unknownShipments: 'create' })
    await wismo.webhooks.handle(await webhookRequest(event('trk_2b7f0c9d4e5a4f1b8c3d2e1f0a9b8c7d', 2)))
    const [polled] = await easypost.track([NUMBERS.inTransit])
    await wismo.ingest(polled ?? expect.fail('the fixture number is known'))
    const view = await wismo.findShipment('easypost', NUMBERS.inTransit)
    expect(view?.timeline).toHaveLength(4)
    expect(view?.shipment.status).toBe('exception')
    expect(view?.shipment.subStatus).toBe('weather_delay')
  })

  it('with trackerIds off, pushes of two trackers of one code reach one shipment', async () => {
    const store = memoryStore()
    const wismo = createWismo({
      store,
      carriers: [testEasypost({ trackerIds: false })],
      unknownShipments: 'create',
    })
    await wismo.webhooks.handle(await webhookRequest(event('trk_first', 2)))
    await wismo.webhooks.handle(await webhookRequest(event('trk_second', 4)))
    const list = await store.listShipments({})
    expect(list.items).toHaveLength(1)
    expect((await wismo.findShipment('easypost', NUMBERS.inTransit))?.timeline).toHaveLength(4)
  })

  it('with trackerIds on (the default), another tracker id for a code is another parcel', async () => {
    const store = memoryStore()
    const wismo = createWismo({ store, carriers: [testEasypost()], unknownShipments: 'create' })
    await wismo.webhooks.handle(await webhookRequest(event('trk_first', 2)))
    await wismo.webhooks.handle(await webhookRequest(event('trk_second', 4)))
    const list = await store.listShipments({})
    expect(list.items.map((s) => s.carrierShipmentId).sort()).toEqual(['trk_first', 'trk_second'])
  })
})
