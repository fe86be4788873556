import { createWismo, isWismoError, memoryStore, PUSH_UNTIL_KEY } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BASE, CREDENTIAL, NUMBERS, testUps, upsHandlers } from '../test/ups-api.ts'

const server = setupServer(...upsHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const shipment = (trackingNumber: string) =>
  ({ trackingNumber }) as Parameters<ReturnType<typeof testUps>['register']>[0]

/** The subscription endpoint: records each body, accepts 1Z numbers except those in `refuse`. */
function subscriptionApi(refuse: readonly string[] = []) {
  const bodies: { trackingNumberList: string[]; destination: Record<string, string>; locale: string }[] = []
  const headers: Headers[] = []
  server.use(
    http.post(`${BASE}/api/track/v1/subscription/standard/package`, async ({ request }) => {
      const body = (await request.json()) as (typeof bodies)[number]
      bodies.push(body)
      headers.push(request.headers)
      return HttpResponse.json({
        validTrackingNumbers: body.trackingNumberList.filter((n) => !refuse.includes(n)),
        invalidTrackingNumbers: body.trackingNumberList.filter((n) => refuse.includes(n)),
      })
    }),
  )
  return { bodies, headers }
}

describe('Track Alert subscriptions', () => {
  it('register subscribes the number with the destination url and the newest credential', async () => {
    const api = subscriptionApi()
    await testUps({
      trackAlert: {
        url: 'https://shop.example/webhooks/ups',
        credentials: ['newest-credential-0003', CREDENTIAL],
      },
    }).register(shipment('1zw1947x0344851772'))
    expect(api.bodies).toEqual([
      {
        locale: 'en_US',
        countryCode: 'US',
        trackingNumberList: [NUMBERS.inTransit],
        destination: {
          url: 'https://shop.example/webhooks/ups',
          credentialType: 'Bearer',
          credential: 'newest-credential-0003',
        },
      },
    ])
    expect(api.headers[0]?.get('transId')).toMatch(/^[0-9a-f]{32}$/)
    expect(api.headers[0]?.get('authorization')).toMatch(/^Bearer /)
  })

  it('register answers when the subscription ends, and Wismo keeps it on the shipment', async () => {
    const api = subscriptionApi()
    const ups = testUps()
    const answer = (await ups.register(shipment(NUMBERS.inTransit))) as unknown as { expiresAt: string }
    const days = (Date.parse(answer.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(13.99)
    expect(days).toBeLessThanOrEqual(14)
    const wismo = createWismo({ store: memoryStore(), carriers: [ups] })
    const registered = await wismo.registerShipment({ trackingNumber: NUMBERS.delivered, carrier: 'ups' })
    expect(api.bodies.at(-1)?.trackingNumberList).toEqual([NUMBERS.delivered])
    const view = await wismo.getShipment(registered.id)
    expect(view?.shipment.metadata[PUSH_UNTIL_KEY]).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })

  it('register fails with CARRIER_REQUEST_REJECTED when UPS lists the number as invalid', async () => {
    subscriptionApi([NUMBERS.inTransit])
    const e = await testUps()
      .register(shipment(NUMBERS.inTransit))
      .catch((x: unknown) => x)
    expect(isWismoError(e, 'CARRIER_REQUEST_REJECTED')).toBe(true)
  })

  it('subscribe sends at most 100 numbers per request', async () => {
    const api = subscriptionApi()
    const numbers = Array.from({ length: 150 }, (_, i) => `1ZW1947X03${String(i).padStart(8, '0')}`)
    const result = await testUps().subscribe(numbers)
    expect(api.bodies.map((b) => b.trackingNumberList.length)).toEqual([100, 50])
    expect(result.valid).toHaveLength(150)
  })

  it('refuses non-1Z numbers and a missing trackAlert config before calling UPS', async () => {
    const api = subscriptionApi()
    const notOneZ = await testUps()
      .register(shipment('9400111899223197428490'))
      .catch((x: unknown) => x)
    expect(isWismoError(notOneZ, 'CARRIER_UNSUPPORTED')).toBe(true)
    const unconfigured = await testUps({ trackAlert: undefined })
      .register(shipment(NUMBERS.inTransit))
      .catch((x: unknown) => x)
    expect(isWismoError(unconfigured, 'CARRIER_UNSUPPORTED')).toBe(true)
    expect(api.bodies).toEqual([])
  })
})
