import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { HMAC_HEADER_PRESETS, hmacHeaderVerifier, signHmacHeader } from './hmac-header.ts'
import type { RawWebhookRequest } from './types.ts'

// The EasyPost vector, copied from EasyPost/examples into the package (see fixtures SOURCE.md).
const fixtures = new URL('../../../test/fixtures/easypost/', import.meta.url)
const vector = JSON.parse(readFileSync(new URL('webhook_hmac_test_vector.json', fixtures), 'utf8')) as {
  secret: string
  expected_header_value: string
  negative_checks_verified: {
    raw_secret_stripped_body: string
    nfkd_secret_body_with_trailing_newline: string
  }
}
const fileBytes = new Uint8Array(readFileSync(new URL('event-body.json', fixtures)))
const body = fileBytes.subarray(0, fileBytes.length - 1)
const PREFIX = 'hmac-sha256-hex='
const HEX = vector.expected_header_value.slice(PREFIX.length)

const request = (headers: Record<string, string>, bytes: Uint8Array = body): RawWebhookRequest => ({
  method: 'POST',
  url: 'https://shop.example/webhooks/easypost',
  headers: new Headers(headers),
  body: bytes,
})
const easypost = hmacHeaderVerifier(HMAC_HEADER_PRESETS.easypost)
const rejected = { name: 'WismoError', code: 'WEBHOOK_INVALID_SIGNATURE' }

describe('EasyPost vector', () => {
  test('the fixture body ends with exactly one newline, which is not signed', () => {
    expect(fileBytes.at(-1)).toBe(0x0a)
    expect(body.at(-1)).not.toBe(0x0a)
  })

  test('the official signature verifies, with the header name in any case', async () => {
    const result = await easypost(request({ 'X-Hmac-Signature': vector.expected_header_value }), [
      vector.secret,
    ])
    expect(result).toEqual({ secretIndex: 0 })
  })

  test('uppercase hex still passes', async () => {
    const header = PREFIX + HEX.toUpperCase()
    await expect(easypost(request({ 'x-hmac-signature': header }), [vector.secret])).resolves.toEqual({
      secretIndex: 0,
    })
  })

  test('the secret is NFKD-normalized, so its decomposed spelling also matches', async () => {
    const decomposed = 'se\u0301cret'
    expect(decomposed).not.toBe(vector.secret)
    await expect(
      easypost(request({ 'x-hmac-signature': vector.expected_header_value }), [decomposed]),
    ).resolves.toEqual({ secretIndex: 0 })
  })

  test('signHmacHeader reproduces the official header', async () => {
    const headers = await signHmacHeader(HMAC_HEADER_PRESETS.easypost, { secret: vector.secret, body })
    expect(headers).toEqual({ 'x-hmac-signature': vector.expected_header_value })
  })

  test('the vector negatives: raw secret and newline-kept body give other signatures', async () => {
    const raw = hmacHeaderVerifier({ ...HMAC_HEADER_PRESETS.easypost, normalizeSecret: undefined })
    const { raw_secret_stripped_body: rawSig, nfkd_secret_body_with_trailing_newline: nlSig } =
      vector.negative_checks_verified
    await expect(raw(request({ 'x-hmac-signature': rawSig }), [vector.secret])).resolves.toEqual({
      secretIndex: 0,
    })
    await expect(easypost(request({ 'x-hmac-signature': rawSig }), [vector.secret])).rejects.toMatchObject(
      rejected,
    )
    await expect(
      easypost(request({ 'x-hmac-signature': nlSig }, fileBytes), [vector.secret]),
    ).resolves.toBeDefined()
  })

  const header = { 'x-hmac-signature': vector.expected_header_value }
  const flipped = Uint8Array.from(body)
  flipped[100] = (flipped[100] ?? 0) ^ 0x01
  const tampered: Array<[string, RawWebhookRequest, string[]]> = [
    ['one body byte changed', request(header, flipped), [vector.secret]],
    ['trailing newline added', request(header, fileBytes), [vector.secret]],
    ['wrong secret', request(header), ['secret']],
    [
      'signature truncated by one byte',
      request({ 'x-hmac-signature': PREFIX + HEX.slice(0, -2) }),
      [vector.secret],
    ],
    [
      'signature truncated to odd hex',
      request({ 'x-hmac-signature': PREFIX + HEX.slice(0, -1) }),
      [vector.secret],
    ],
    ['prefix missing', request({ 'x-hmac-signature': HEX }), [vector.secret]],
    [
      'another prefix of the same length',
      request({ 'x-hmac-signature': `hmac-sha512-hex=${HEX}` }),
      [vector.secret],
    ],
    ['header missing', request({}), [vector.secret]],
    ['empty signature after the prefix', request({ 'x-hmac-signature': PREFIX }), [vector.secret]],
  ]
  test.each(tampered)('rejects: %s', async (_name, req, secrets) => {
    await expect(easypost(req, secrets)).rejects.toMatchObject(rejected)
  })

  test('rejects a valid signature of another body', async () => {
    const other = new TextEncoder().encode('{"id":"evt_other"}')
    const signed = await signHmacHeader(HMAC_HEADER_PRESETS.easypost, { secret: vector.secret, body: other })
    await expect(easypost(request(signed, other), [vector.secret])).resolves.toBeDefined()
    await expect(easypost(request(signed), [vector.secret])).rejects.toMatchObject(rejected)
  })

  test('failure messages never contain the secret or the expected signature', async () => {
    const error = await easypost(request({ 'x-hmac-signature': `${PREFIX}00` }), [vector.secret]).catch(
      (e) => e,
    )
    expect(error).toMatchObject(rejected)
    expect(String(error.message)).not.toContain(vector.secret)
    expect(JSON.stringify(error)).not.toContain(HEX)
    expect(JSON.stringify(error.details ?? {})).not.toContain(HEX)
  })
})

describe('rotation and AfterShip', () => {
  const aftership = hmacHeaderVerifier(HMAC_HEADER_PRESETS.aftership)
  const payload = new TextEncoder().encode('{"event":"tracking_update","msg":{"weight":136.0}}')
  const nodeMac = (secret: string) => createHmac('sha256', secret).update(payload).digest('base64')

  test('a base64 signature made by node:crypto verifies', async () => {
    const req = request({ 'aftership-hmac-sha256': nodeMac('as-secret') }, payload)
    await expect(aftership(req, ['as-secret'])).resolves.toEqual({ secretIndex: 0 })
  })

  test('either active secret is accepted and the matching one is reported', async () => {
    const req = request({ 'aftership-hmac-sha256': nodeMac('new') }, payload)
    await expect(aftership(req, ['old', 'new'])).resolves.toEqual({ secretIndex: 1 })
    await expect(aftership(req, ['old'])).rejects.toMatchObject(rejected)
  })

  test('garbage base64 is an invalid signature', async () => {
    const req = request({ 'aftership-hmac-sha256': 'not*base64' }, payload)
    await expect(aftership(req, ['as-secret'])).rejects.toMatchObject(rejected)
  })
})

describe('a signature header sent twice (joined with ", ")', () => {
  const good = vector.expected_header_value
  const bad = `${PREFIX}${'00'.repeat(32)}`
  const twice = (first: string, second: string): RawWebhookRequest => {
    const headers = new Headers()
    headers.append('x-hmac-signature', first)
    headers.append('x-hmac-signature', second)
    return { ...request({}), headers }
  }

  test.each([
    ['one valid + one invalid', good, bad],
    ['one invalid + one valid', bad, good],
    ['both valid', good, good],
    ['one valid + one unreadable', good, 'hmac-sha256-hex=zz'],
  ])('accepts %s', async (_name, first, second) => {
    expect(twice(first, second).headers.get('x-hmac-signature')).toBe(`${first}, ${second}`)
    await expect(easypost(twice(first, second), [vector.secret])).resolves.toEqual({ secretIndex: 0 })
  })

  test.each([
    ['both invalid', bad, bad],
    ['both without the prefix', HEX, HEX],
  ])('refuses %s', async (_name, first, second) => {
    await expect(easypost(twice(first, second), [vector.secret])).rejects.toMatchObject(rejected)
  })

  test('base64 copies too (AfterShip)', async () => {
    const aftership = hmacHeaderVerifier(HMAC_HEADER_PRESETS.aftership)
    const mac = createHmac('sha256', 'as').update(body).digest('base64')
    const headers = new Headers([
      ['aftership-hmac-sha256', 'AAAA'],
      ['aftership-hmac-sha256', mac],
    ])
    await expect(aftership({ ...request({}), headers }, ['as'])).resolves.toEqual({ secretIndex: 0 })
  })

  test('a prefix containing a comma is refused at creation', () => {
    expect(() => hmacHeaderVerifier({ header: 'x-sig', encoding: 'hex', prefix: 'a,b=' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })
})

describe('configuration', () => {
  test('no secret or an empty secret is CONFIG_INVALID', async () => {
    const req = request({ 'x-hmac-signature': vector.expected_header_value })
    await expect(easypost(req, [])).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
    await expect(easypost(req, ['', vector.secret])).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })

  test.each([
    ['a header name with a space', { header: 'x hmac', encoding: 'hex' }],
    ['an unknown algorithm', { header: 'x-sig', encoding: 'hex', algorithm: 'MD5' }],
    ['an unknown encoding', { header: 'x-sig', encoding: 'base32' }],
    ['an unknown option', { header: 'x-sig', encoding: 'hex', secret: 'oops' }],
  ])('rejects %s at creation with CONFIG_INVALID', (_name, options) => {
    expect(() => hmacHeaderVerifier(options as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })
})
