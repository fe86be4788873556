import { createHmac } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import {
  generateStandardWebhookSecret,
  signStandardWebhook,
  standardWebhooksVerifier,
} from './standard-webhooks.ts'
import type { RawWebhookRequest } from './types.ts'

// Official vectors from standard-webhooks/standard-webhooks (JS lib test "sign function works", rust test_sign).
const A = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const B = {
  secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
  id: 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk',
  timestamp: 1649367553,
  body: '{"email":"test@example.com","username":"test_user"}',
  signature: 'v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=',
}
const WRONG = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc='

const bytes = (text: string) => new TextEncoder().encode(text)
const at = (unix: number) => new Date(unix * 1000)
const request = (headers: Record<string, string>, body: string): RawWebhookRequest => ({
  method: 'POST',
  url: 'https://shop.example/webhooks/wismo',
  headers: new Headers(headers),
  body: bytes(body),
})
const headersOf = (v: typeof A, signature = v.signature) => ({
  'webhook-id': v.id,
  'webhook-timestamp': String(v.timestamp),
  'webhook-signature': signature,
})
const verify = standardWebhooksVerifier()
const invalid = { name: 'WismoError', code: 'WEBHOOK_INVALID_SIGNATURE' }
const stale = { name: 'WismoError', code: 'WEBHOOK_STALE' }

describe('official vectors', () => {
  test.each([A, B])('signing $id gives the published signature', async (v) => {
    const headers = await signStandardWebhook({
      secret: v.secret,
      id: v.id,
      timestamp: v.timestamp,
      body: v.body,
    })
    expect(headers).toEqual(headersOf(v))
  })

  test.each([A, B])('verifying $id yields its id and timestamp', async (v) => {
    const result = await verify(request(headersOf(v), v.body), [v.secret], at(v.timestamp))
    expect(result).toEqual({ messageId: v.id, timestamp: v.timestamp, secretIndex: 0 })
  })

  test('a secret without the whsec_ prefix is the same key', async () => {
    const bare = A.secret.slice('whsec_'.length)
    await expect(verify(request(headersOf(A), A.body), [bare], at(A.timestamp))).resolves.toBeDefined()
  })
})

describe('round trip and rotation', () => {
  test('a generated secret signs and verifies; a changed body does not', async () => {
    const secret = generateStandardWebhookSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const headers = await signStandardWebhook({
      secret,
      id: 'msg_1',
      timestamp: at(1_700_000_000),
      body: '{"a":1}',
    })
    await expect(verify(request(headers, '{"a":1}'), [secret], at(1_700_000_000))).resolves.toMatchObject({
      messageId: 'msg_1',
    })
    await expect(verify(request(headers, '{"a":2}'), [secret], at(1_700_000_000))).rejects.toMatchObject(
      invalid,
    )
  })

  test('during rotation either secret is accepted and the match is reported', async () => {
    const now = at(A.timestamp)
    await expect(verify(request(headersOf(A), A.body), [B.secret, A.secret], now)).resolves.toMatchObject({
      secretIndex: 1,
    })
    await expect(verify(request(headersOf(A), A.body), [B.secret], now)).rejects.toMatchObject(invalid)
  })

  test('any valid entry of a multi-signature header is enough; other versions are ignored', async () => {
    const now = at(A.timestamp)
    for (const sig of [
      `${WRONG} ${A.signature}`,
      `${A.signature}  ${WRONG}`,
      `v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw== ${A.signature}`,
    ]) {
      await expect(verify(request(headersOf(A, sig), A.body), [A.secret], now)).resolves.toBeDefined()
    }
    const otherVersion = A.signature.replace('v1,', 'v2,')
    await expect(verify(request(headersOf(A, otherVersion), A.body), [A.secret], now)).rejects.toMatchObject(
      invalid,
    )
  })
})

describe('headers sent twice (joined with ", ")', () => {
  const twice = (v: typeof A, signatures: [string, string], repeat: 'id' | 'timestamp' | null = null) => {
    const headers = new Headers(headersOf(v, signatures[0]))
    headers.append('webhook-signature', signatures[1])
    if (repeat === 'id') headers.append('webhook-id', v.id)
    if (repeat === 'timestamp') headers.append('webhook-timestamp', String(v.timestamp))
    return { ...request({}, v.body), headers }
  }
  const ok = { messageId: A.id, timestamp: A.timestamp, secretIndex: 0 }

  test.each([
    ['one valid + one invalid', [A.signature, WRONG]],
    ['one invalid + one valid', [WRONG, A.signature]],
    ['both valid', [A.signature, A.signature]],
  ] as const)('webhook-signature: %s verifies', async (_name, pair) => {
    const req = twice(A, [...pair])
    expect(req.headers.get('webhook-signature')).toBe(`${pair[0]}, ${pair[1]}`)
    await expect(verify(req, [A.secret], at(A.timestamp))).resolves.toEqual(ok)
  })

  test('webhook-signature: both invalid is refused', async () => {
    await expect(verify(twice(A, [WRONG, WRONG]), [A.secret], at(A.timestamp))).rejects.toMatchObject(invalid)
  })

  test('identical repeated webhook-id / webhook-timestamp read as one value', async () => {
    const pair: [string, string] = [A.signature, WRONG]
    await expect(verify(twice(A, pair, 'id'), [A.secret], at(A.timestamp))).resolves.toEqual(ok)
    await expect(verify(twice(A, pair, 'timestamp'), [A.secret], at(A.timestamp))).resolves.toEqual(ok)
  })

  test('a webhook-id repeated with another value is refused', async () => {
    const req = twice(A, [A.signature, WRONG])
    req.headers.append('webhook-id', 'msg_other')
    await expect(verify(req, [A.secret], at(A.timestamp))).rejects.toMatchObject(invalid)
  })
})

describe('timestamps', () => {
  const req = request(headersOf(A), A.body)
  test('exactly at the ±300 s tolerance passes', async () => {
    await expect(verify(req, [A.secret], at(A.timestamp + 300))).resolves.toBeDefined()
    await expect(verify(req, [A.secret], at(A.timestamp - 300))).resolves.toBeDefined()
  })

  test('older or newer than the tolerance is WEBHOOK_STALE', async () => {
    await expect(verify(req, [A.secret], at(A.timestamp + 301))).rejects.toMatchObject(stale)
    await expect(verify(req, [A.secret], at(A.timestamp - 301))).rejects.toMatchObject(stale)
  })

  test('a custom tolerance applies; a forged stale message is a bad signature, not stale', async () => {
    const strict = standardWebhooksVerifier({ toleranceSec: 10 })
    await expect(strict(req, [A.secret], at(A.timestamp + 11))).rejects.toMatchObject(stale)
    const forged = request(headersOf(A, WRONG), A.body)
    await expect(strict(forged, [A.secret], at(A.timestamp + 11))).rejects.toMatchObject(invalid)
  })
})

describe('garbage headers', () => {
  const now = at(A.timestamp)
  const { 'webhook-id': _i, ...noId } = headersOf(A)
  const { 'webhook-timestamp': _t, ...noTimestamp } = headersOf(A)
  const { 'webhook-signature': _s, ...noSignature } = headersOf(A)
  test.each([
    ['missing id', noId],
    ['missing timestamp', noTimestamp],
    ['missing signature', noSignature],
    ['non-numeric timestamp', { ...headersOf(A), 'webhook-timestamp': 'hello' }],
    ['fractional timestamp', { ...headersOf(A), 'webhook-timestamp': `${A.timestamp}.0` }],
    ['id containing a dot', { ...headersOf(A), 'webhook-id': `${A.id}.x` }],
    ['"v1," alone', headersOf(A, 'v1,')],
    ['not base64', headersOf(A, 'v1,dawfeoifkpqwoekfpqoekf')],
    ['truncated to 8 chars', headersOf(A, A.signature.slice(0, 8))],
    ['a wrong signature', headersOf(A, 'v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=')],
    ['no version', headersOf(A, A.signature.slice(3))],
  ])('%s is WEBHOOK_INVALID_SIGNATURE', async (_name, headers) => {
    await expect(verify(request(headers, A.body), [A.secret], now)).rejects.toMatchObject(invalid)
  })
})

test('an id containing "." is rejected even when correctly signed', async () => {
  const key = Buffer.from(A.secret.slice('whsec_'.length), 'base64')
  const id = 'msg.1'
  const sig = createHmac('sha256', key).update(`${id}.${A.timestamp}.${A.body}`).digest('base64')
  const headers = { ...headersOf(A, `v1,${sig}`), 'webhook-id': id }
  await expect(verify(request(headers, A.body), [A.secret], at(A.timestamp))).rejects.toMatchObject(invalid)
})

describe('configuration', () => {
  const req = request(headersOf(A), A.body)
  test.each([[[]], [['']], [['whsec_']], [['whsec_!!!']]])(
    'secrets %j are CONFIG_INVALID',
    async (secrets) => {
      await expect(verify(req, secrets, at(A.timestamp))).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
    },
  )

  test('a negative tolerance is rejected at creation', () => {
    expect(() => standardWebhooksVerifier({ toleranceSec: -1 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })

  test('signing rejects an id with a dot and a bad timestamp', async () => {
    const base = { secret: A.secret, body: A.body }
    await expect(signStandardWebhook({ ...base, id: 'a.b' })).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    await expect(signStandardWebhook({ ...base, id: 'a', timestamp: -5 })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    })
  })
})
