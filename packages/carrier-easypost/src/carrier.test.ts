import { isWismoError } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BASE, easypostHandlers, NUMBERS, newState, testEasypost } from '../test/easypost-api.ts'
import { carrierFor, detectEasypost } from './index.ts'

const state = newState()
const server = setupServer(...easypostHandlers(state))
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

async function errorOf(p: Promise<unknown>) {
  return p.then(
    () => expect.fail('expected an error'),
    (e: unknown) => e,
  )
}

const once = (response: () => Response) => http.post(`${BASE}/v2/trackers`, response, { once: true })

describe('EasyPost tracking', () => {
  it('creates trackers with the API key as Basic user and names the carrier it is sure of', async () => {
    state.trackerRequests.length = 0
    const easypost = testEasypost()
    await easypost.track([NUMBERS.inTransit, '1Z999AA10123456784'])
    expect(state.trackerRequests).toEqual([
      { tracking_code: 'EZ2000000002' },
      { tracking_code: '1Z999AA10123456784', carrier: 'UPS' },
    ])
    await testEasypost({ trackingCarrier: 'FedEx' }).track(['ez 2000-000002'])
    expect(state.trackerRequests.at(-1)).toEqual({ tracking_code: 'EZ2000000002', carrier: 'FedEx' })
  })

  it('names a carrier only on a verified check digit of one carrier', () => {
    expect(carrierFor('1Z999AA10123456784', undefined)).toBe('UPS')
    expect(carrierFor('1Z999AA10123456785', undefined)).toBeUndefined()
    expect(carrierFor('EZ1000000001', undefined)).toBeUndefined()
    expect(carrierFor('anything', 'USPS')).toBe('USPS')
  })

  it('answers the number asked for, and leaves the tracker id out when told to', async () => {
    const [update] = await testEasypost({ trackerIds: false }).track(['ez2000000002'])
    expect(update?.trackingNumber).toBe('EZ2000000002')
    expect(update).not.toHaveProperty('carrierShipmentId')
  })

  it('register() creates the tracker EasyPost pushes updates for', async () => {
    state.trackerRequests.length = 0
    await testEasypost().register({ trackingNumber: 'EZ7000000007' } as never)
    expect(state.trackerRequests).toEqual([{ tracking_code: 'EZ7000000007' }])
  })

  it('register() keeps the tracker a shipment already names, and creates one when EasyPost lost it', async () => {
    state.trackerRequests.length = 0
    state.trackerLookups.length = 0
    const easypost = testEasypost()
    const id = 'trk_2b7f0c9d4e5a4f1b8c3d2e1f0a9b8c7d'
    await easypost.register({ trackingNumber: NUMBERS.inTransit, carrierShipmentId: id } as never)
    expect(state.trackerLookups).toEqual([id])
    expect(state.trackerRequests).toEqual([])
    await easypost.register({ trackingNumber: NUMBERS.inTransit, carrierShipmentId: 'trk_gone' } as never)
    expect(state.trackerRequests).toEqual([{ tracking_code: NUMBERS.inTransit }])
  })

  it('refuses a wrong API key as CARRIER_AUTH_FAILED', async () => {
    const error = await errorOf(testEasypost({ apiKey: 'EZTKwrongkey00000000' }).track([NUMBERS.delivered]))
    expect(isWismoError(error, 'CARRIER_AUTH_FAILED')).toBe(true)
  })

  it('reports a 429 with Retry-After as CARRIER_RATE_LIMITED with retryAfterMs', async () => {
    // Longer than core's in-process wait (60 s): handed to the caller at once, never slept on.
    server.use(
      once(() =>
        HttpResponse.json(
          { error: { code: 'RATE_LIMITED' } },
          { status: 429, headers: { 'retry-after': '120' } },
        ),
      ),
    )
    const error = await errorOf(testEasypost().track([NUMBERS.delivered]))
    expect(isWismoError(error, 'CARRIER_RATE_LIMITED')).toBe(true)
    expect((error as { retryAfterMs?: number }).retryAfterMs).toBe(120_000)
  })

  it('retries after a 429 or a 5xx and then answers', async () => {
    server.use(once(() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '0' } })))
    server.use(once(() => new HttpResponse(null, { status: 503 })))
    const updates = await testEasypost({ retries: 2 }).track([NUMBERS.delivered])
    expect(updates.map((u) => u.trackingNumber)).toEqual([NUMBERS.delivered])
  })

  it('maps a lasting 5xx to CARRIER_UNAVAILABLE and a body of another shape to CARRIER_RESPONSE_INVALID', async () => {
    server.use(once(() => new HttpResponse(null, { status: 500 })))
    expect(
      isWismoError(await errorOf(testEasypost().track([NUMBERS.delivered])), 'CARRIER_UNAVAILABLE'),
    ).toBe(true)
    server.use(once(() => HttpResponse.json({ trackers: 'none' })))
    const error = await errorOf(testEasypost().track([NUMBERS.delivered]))
    expect(isWismoError(error, 'CARRIER_RESPONSE_INVALID')).toBe(true)
    expect((error as { details?: { body?: string } }).details?.body).toContain('none')
  })

  it('leaves out a number EasyPost refuses when polling, and reports the refusal at registration', async () => {
    const refuse = () =>
      once(() =>
        HttpResponse.json(
          {
            error: {
              code: 'TRACKER.CREATE.ERROR',
              message: 'No carrier matches this tracking code',
              errors: [],
            },
          },
          { status: 422 },
        ),
      )
    server.use(refuse())
    expect(await testEasypost().track(['XX123'])).toEqual([])
    server.use(refuse())
    const error = await errorOf(testEasypost().register({ trackingNumber: 'XX123' } as never))
    expect(isWismoError(error, 'CARRIER_REQUEST_REJECTED')).toBe(true)
    expect((error as { details?: unknown }).details).toMatchObject({
      status: 422,
      easypostCode: 'TRACKER.CREATE.ERROR',
      easypostMessage: 'No carrier matches this tracking code',
    })
  })
})

describe('detectEasypost', () => {
  it('claims EasyPost’s test codes only', () => {
    expect(detectEasypost('EZ1000000001')).toBe(0.5)
    expect(detectEasypost('ez4000000004')).toBe(0.5)
    expect(detectEasypost('1Z999AA10123456784')).toBe(0)
    expect(detectEasypost('1')).toBe(0)
  })
})
