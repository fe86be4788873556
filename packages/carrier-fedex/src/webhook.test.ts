import { createHmac } from 'node:crypto'
import { isWismoError, type RawWebhookRequest } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { karrio, karrioAvailable } from '../test/karrio-data.ts'
import { CLIENT, resultFor } from '../test/mock-api.ts'
import { fedexCarrier } from './carrier.ts'

const TOKEN = 'portal-security-token-new'
const OLD_TOKEN = 'portal-security-token-old'

/** A push signed the way FedEx documents it: base64 HMAC-SHA256 of the raw body with the token. */
function pushOf(body: string, token: string | null): RawWebhookRequest {
  const headers = new Headers({ 'content-type': 'application/json' })
  if (token) headers.set('fdx-signature', createHmac('sha256', token).update(body).digest('base64'))
  return {
    method: 'POST',
    url: 'https://shop.example/webhooks/fedex',
    headers,
    body: new TextEncoder().encode(body),
  }
}

const carrier = (tokens: string[] = [TOKEN, OLD_TOKEN]) =>
  fedexCarrier({ ...CLIENT, webhookSecurityTokens: tokens })
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isWismoError(e) ? e.code : String(e)),
  )
const body = JSON.stringify({
  transactionId: 'f1',
  output: {
    completeTrackResults: [{ trackingNumber: '794843185271', trackResults: [resultFor('794843185271')] }],
  },
})

describe('fedex webhook', () => {
  it('accepts a push signed with the current or the previous token', async () => {
    expect((await carrier().webhook.verify(pushOf(body, TOKEN)))?.secretIndex).toBe(0)
    expect((await carrier().webhook.verify(pushOf(body, OLD_TOKEN)))?.secretIndex).toBe(1)
  })

  it('refuses a wrong token, a missing signature, or a push when no token is configured', async () => {
    expect(await codeOf(carrier().webhook.verify(pushOf(body, 'someone-else-token')))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
    expect(await codeOf(carrier().webhook.verify(pushOf(body, null)))).toBe('WEBHOOK_INVALID_SIGNATURE')
    expect(await codeOf(carrier([]).webhook.verify(pushOf(body, TOKEN)))).toBe('CONFIG_INVALID')
  })

  it('parses a push like a track answer, as webhook updates', async () => {
    const updates = await carrier().webhook.parse(JSON.parse(body), pushOf(body, TOKEN))
    expect(updates).toHaveLength(1)
    expect(updates[0]).toMatchObject({ source: 'webhook', trackingNumber: '794843185271' })
    expect(updates[0]?.events).toHaveLength(5)
  })

  // karrio's real FedEx answer (LGPL-3.0) is read from ../shared/data, never copied.
  it.skipIf(!karrioAvailable)(
    'parses a real FedEx answer pushed for a reused number into two parcels',
    async () => {
      const real = karrio('responses/fedex__DuplicateTrackingResponse.json') as never
      const updates = await carrier().webhook.parse(real, pushOf(JSON.stringify(real), TOKEN))
      expect(updates.map((u) => [u.carrierShipmentId, u.events.length])).toEqual([
        ['2460425000~776094337676~FX', 10],
        ['2460426000~776094337676~FX', 8],
      ])
    },
  )

  it('refuses JSON that is not a FedEx push with WEBHOOK_UNPROCESSABLE', async () => {
    const raw = pushOf('{}', TOKEN)
    expect(await codeOf(Promise.resolve().then(() => carrier().webhook.parse({ output: {} }, raw)))).toBe(
      'WEBHOOK_UNPROCESSABLE',
    )
  })
})
