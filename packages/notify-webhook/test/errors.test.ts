import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isWismoError, type WismoError } from '@wismo/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MAX_RESPONSE_BYTES, webhookNotifier } from '../src/index.ts'
import { type Answer, type Receiver, startReceiver } from './receiver.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
let receiver: Receiver
beforeAll(async () => {
  receiver = await startReceiver([SECRET])
})
afterAll(() => receiver.close())
beforeEach(() => {
  receiver.received.length = 0
  receiver.answer(null)
})

const message = (to = `${receiver.url}/hooks`) => ({
  idempotencyKey: 'notif_err_1',
  channel: 'webhook' as const,
  to,
  text: 'Delivered',
  type: 'shipment.delivered',
  payload: { shipmentId: 'shp_1' },
})
const hooks = (options: Record<string, unknown> = {}) =>
  webhookNotifier({ secret: SECRET, allowPrivateNetworks: true, ...options })

async function failure(answer: Answer, options: Record<string, unknown> = {}): Promise<WismoError> {
  receiver.answer(answer)
  const error = await hooks(options)
    .send(message())
    .catch((e: unknown) => e)
  if (!isWismoError(error)) throw new Error(`expected a WismoError, got ${String(error)}`)
  return error
}

describe('what the receiver answers → coded errors', () => {
  const TABLE: [number, string, boolean][] = [
    [400, 'NOTIFY_REQUEST_REJECTED', false],
    [401, 'NOTIFY_AUTH_FAILED', false],
    [403, 'NOTIFY_AUTH_FAILED', false],
    [404, 'NOTIFY_REQUEST_REJECTED', false],
    [408, 'NOTIFY_TIMEOUT', true],
    [409, 'NOTIFY_REQUEST_REJECTED', false],
    [413, 'NOTIFY_REQUEST_REJECTED', false],
    [422, 'NOTIFY_REQUEST_REJECTED', false],
    [429, 'NOTIFY_RATE_LIMITED', true],
    [500, 'NOTIFY_UNAVAILABLE', true],
    [502, 'NOTIFY_UNAVAILABLE', true],
    [503, 'NOTIFY_UNAVAILABLE', true],
    [504, 'NOTIFY_UNAVAILABLE', true],
  ]
  for (const [status, code, retryable] of TABLE)
    it(`HTTP ${status} → ${code}${retryable ? ' (retryable)' : ' (final)'}`, async () => {
      const error = await failure({ status, body: 'no' })
      expect(error).toMatchObject({ code, retryable })
      expect(error.details).toMatchObject({ status })
    })

  it('410 Gone → NOTIFY_REQUEST_REJECTED telling the engine to disable the endpoint', async () => {
    const error = await failure({ status: 410, body: 'gone' })
    expect(error).toMatchObject({
      code: 'NOTIFY_REQUEST_REJECTED',
      retryable: false,
      details: { status: 410, reason: 'endpoint_gone', disableEndpoint: true, endpoint: receiver.url },
    })
    expect(error.message).toContain('stop sending')
  })

  it('429 and 503 with Retry-After carry retryAfterMs', async () => {
    expect((await failure({ status: 429, headers: { 'retry-after': '120' } })).retryAfterMs).toBe(120_000)
    expect((await failure({ status: 503, headers: { 'retry-after': '30' } })).retryAfterMs).toBe(30_000)
  })

  it('the receiver’s error body is kept in details.body, cut to a bounded size', async () => {
    expect((await failure({ status: 400, body: 'unknown event type' })).details?.body).toBe(
      'unknown event type',
    )
    const huge = await failure({ status: 400, body: 'x'.repeat(4 * MAX_RESPONSE_BYTES) })
    expect(String(huge.details?.body).length).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + 1)
  })

  it('a redirect is not followed: NOTIFY_REQUEST_REJECTED, the target never called', async () => {
    const error = await failure({ status: 302, headers: { location: `${receiver.url}/elsewhere` } })
    expect(error).toMatchObject({
      code: 'NOTIFY_REQUEST_REJECTED',
      details: { status: 302, reason: 'redirect_not_followed' },
    })
    expect(receiver.received.map((r) => r.path)).toEqual(['/hooks'])
  })

  it('no answer within timeoutMs → NOTIFY_TIMEOUT (retryable)', async () => {
    const error = await failure('hang', { timeoutMs: 150 })
    expect(error).toMatchObject({ code: 'NOTIFY_TIMEOUT', retryable: true })
  })

  it('nobody listening → NOTIFY_NETWORK_ERROR (retryable)', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const error = await hooks()
      .send(message(`http://127.0.0.1:${port}/hooks`))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NOTIFY_NETWORK_ERROR', retryable: true })
  })

  it('retries: n retries a 503 in-process, each attempt with the same webhook-id', async () => {
    const error = await failure({ status: 503 }, { retries: 2 })
    expect(error.code).toBe('NOTIFY_UNAVAILABLE')
    expect(receiver.received).toHaveLength(3)
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set(['notif_err_1']))
  })
})
