import { createWismo, memoryStore } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fedexCarrier } from '../src/index.ts'
import { karrio, karrioAvailable } from './karrio-data.ts'
import { CLIENT, fedexApi, trackAnswer } from './mock-api.ts'

/** FedEx's answers through a whole Wismo instance: what a host would end up with. */
const server = setupServer(...fedexApi(() => undefined).handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

async function pollInto(file: string, number: string) {
  server.use(trackAnswer(karrio(`responses/${file}`)))
  const fedex = fedexCarrier({ ...CLIENT, retries: 0 })
  const wismo = createWismo({ store: memoryStore(), carriers: [fedex] })
  const poll = async () => Promise.all((await fedex.track([number])).map((u) => wismo.ingest(u)))
  return { first: await poll(), second: await poll() }
}

// karrio's real FedEx answers (LGPL-3.0) are read from ../shared/data, never copied.
describe.skipIf(!karrioAvailable)('FedEx answers ingested', () => {
  it('a reused number becomes two parcels, and polling again adds nothing', async () => {
    const { first, second } = await pollInto('fedex__DuplicateTrackingResponse.json', '776094337676')
    const [a, b] = first.map((r) => r.shipment)
    expect(a?.id).not.toBe(b?.id)
    expect([a?.status, b?.status]).toEqual(['in_transit', 'delivered'])
    expect(first.map((r) => r.newEvents.length)).toEqual([10, 8])
    expect(second.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate'])
    expect(second.map((r) => r.shipment?.id)).toEqual([a?.id, b?.id])
  })

  it('a shipment with mixed offsets is delivered, once', async () => {
    const { first, second } = await pollInto('fedex__InconsistentDateTimeResponse.json', '738488882438')
    expect(first[0]?.shipment?.status).toBe('delivered')
    expect(first[0]?.newEvents).toHaveLength(17)
    expect(second[0]?.outcome).toBe('duplicate')
  })
})
