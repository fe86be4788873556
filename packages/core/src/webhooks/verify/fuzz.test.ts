import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { isWismoError } from '../../errors.ts'
import { HMAC_HEADER_PRESETS, hmacHeaderVerifier } from './hmac-header.ts'
import { signStandardWebhook, standardWebhooksVerifier } from './standard-webhooks.ts'
import { STATIC_TOKEN_PRESETS, staticTokenVerifier } from './static-token.ts'
import { timestampedHmacVerifier } from './timestamped-hmac.ts'
import type { RawWebhookRequest, WebhookVerifier } from './types.ts'

// Whatever arrives, a verifier answers with a WismoError carrying a webhook code: never a
// TypeError from Headers, atob, URL or Web Crypto that would become a 500.
const NOW = new Date(1_700_000_000_000)
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const SECRETS = [WHSEC, 'sécret']
const EXPECTED = new Set(['WEBHOOK_INVALID_SIGNATURE', 'WEBHOOK_STALE'])

const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
const b64 = fc.uint8Array({ maxLength: 40 }).map((b) => btoa(String.fromCharCode(...b)))
const hex = fc
  .uint8Array({ maxLength: 40 })
  .map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''))
const digits = fc.oneof(
  fc.nat().map(String),
  fc.integer({ min: 1_699_999_000, max: 1_700_001_000 }).map(String),
)
const value = fc.oneof(
  ascii,
  b64,
  hex,
  digits,
  fc.tuple(fc.constantFrom('v1,', 'v1a,', 'v2,', ''), b64).map(([v, s]) => v + s),
  fc.tuple(digits, hex).map(([t, h]) => `t=${t},v1=${h}`),
  hex.map((h) => `hmac-sha256-hex=${h}`),
  ascii.map((s) => `Bearer ${s}`),
  b64.map((s) => `Basic ${s}`),
)
const headerNames = fc.constantFrom(
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'x-hmac-signature',
  'aftership-hmac-sha256',
  'credential',
  'authorization',
  'x-sig',
)
const requests: fc.Arbitrary<RawWebhookRequest> = fc.record({
  method: fc.constantFrom('POST', 'GET'),
  url: fc.oneof(
    fc.constant('https://shop.example/hook'),
    ascii.map((q) => `https://shop.example/hook?token=${q}`),
    ascii,
  ),
  headers: fc.dictionary(headerNames, value).map((h) => new Headers(h)),
  body: fc.uint8Array({ maxLength: 300 }),
})

const verifiers: Record<string, WebhookVerifier> = {
  easypost: hmacHeaderVerifier(HMAC_HEADER_PRESETS.easypost),
  aftership: hmacHeaderVerifier(HMAC_HEADER_PRESETS.aftership),
  timestamped: timestampedHmacVerifier({ header: 'x-sig' }),
  credential: staticTokenVerifier(STATIC_TOKEN_PRESETS.upsTrackAlert),
  bearer: staticTokenVerifier({ header: 'authorization', scheme: 'bearer' }),
  basic: staticTokenVerifier({ header: 'authorization', scheme: 'basic' }),
  query: staticTokenVerifier(STATIC_TOKEN_PRESETS.shippoUrlToken),
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'ok'
  } catch (e) {
    if (!isWismoError(e)) throw e
    return e.code
  }
}

describe('random requests only ever yield the expected WismoError codes', () => {
  test.each(Object.entries(verifiers))('%s', async (_name, verify) => {
    await fc.assert(
      fc.asyncProperty(requests, async (req) => {
        expect(EXPECTED).toContain(await outcome(verify(req, SECRETS, NOW)))
      }),
      { numRuns: 150 },
    )
  })

  test('standard webhooks (whsec_ secrets only)', async () => {
    const verify = standardWebhooksVerifier()
    await fc.assert(
      fc.asyncProperty(requests, async (req) => {
        expect(EXPECTED).toContain(
          await outcome(verify(req, [WHSEC, 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'], NOW)),
        )
      }),
      { numRuns: 300 },
    )
  })

  test('authentic Standard Webhooks at random times pass or are WEBHOOK_STALE', async () => {
    const verify = standardWebhooksVerifier()
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -1000, max: 1000 }), fc.uint8Array(), async (skew, body) => {
        const timestamp = NOW.getTime() / 1000 + skew
        const headers = await signStandardWebhook({ secret: WHSEC, id: 'msg_1', timestamp, body })
        const req = { method: 'POST', url: '/', headers: new Headers({ ...headers }), body }
        expect(await outcome(verify(req, [WHSEC], NOW))).toBe(Math.abs(skew) <= 300 ? 'ok' : 'WEBHOOK_STALE')
      }),
      { numRuns: 100 },
    )
  })
})
