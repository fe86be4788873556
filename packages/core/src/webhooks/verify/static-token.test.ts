import { describe, expect, test } from 'vitest'
import { STATIC_TOKEN_PRESETS, staticTokenVerifier } from './static-token.ts'
import type { RawWebhookRequest } from './types.ts'

const request = (
  headers: Record<string, string>,
  url = 'https://shop.example/webhooks/ups',
): RawWebhookRequest => ({
  method: 'POST',
  url,
  headers: new Headers(headers),
  body: new Uint8Array(),
})
const invalid = { name: 'WismoError', code: 'WEBHOOK_INVALID_SIGNATURE' }

describe('header credentials', () => {
  const ups = staticTokenVerifier(STATIC_TOKEN_PRESETS.upsTrackAlert)

  test('UPS Track Alert: the credential header must equal an active secret', async () => {
    await expect(ups(request({ credential: 'c-123' }), ['c-123'])).resolves.toEqual({ secretIndex: 0 })
    await expect(ups(request({ Credential: 'c-123' }), ['old', 'c-123'])).resolves.toEqual({ secretIndex: 1 })
  })

  test.each([
    ['a different token', { credential: 'c-124' }],
    ['a prefix of the token', { credential: 'c-12' }],
    ['a longer token', { credential: 'c-1234' }],
    ['no header', {}],
  ])('rejects %s', async (_name, headers) => {
    await expect(ups(request(headers), ['c-123'])).rejects.toMatchObject(invalid)
  })

  test('bearer scheme: case-insensitive scheme word, exact token', async () => {
    const bearer = staticTokenVerifier({ header: 'authorization', scheme: 'bearer' })
    await expect(bearer(request({ authorization: 'bearer tok' }), ['tok'])).resolves.toBeDefined()
    await expect(bearer(request({ authorization: 'tok' }), ['tok'])).rejects.toMatchObject(invalid)
    await expect(bearer(request({ authorization: 'Basic tok' }), ['tok'])).rejects.toMatchObject(invalid)
    await expect(bearer(request({ authorization: 'Bearer tok2' }), ['tok'])).rejects.toMatchObject(invalid)
  })

  test('basic scheme: the decoded user:password must equal a secret', async () => {
    const basic = staticTokenVerifier({ header: 'authorization', scheme: 'basic' })
    const value = `Basic ${btoa('wismo:pa55')}`
    await expect(basic(request({ authorization: value }), ['wismo:pa55'])).resolves.toBeDefined()
    await expect(basic(request({ authorization: value }), ['wismo:pass'])).rejects.toMatchObject(invalid)
    await expect(basic(request({ authorization: 'Basic ***' }), ['wismo:pa55'])).rejects.toMatchObject(
      invalid,
    )
  })
})

describe('a credential sent twice', () => {
  const ups = staticTokenVerifier(STATIC_TOKEN_PRESETS.upsTrackAlert)
  const bearer = staticTokenVerifier({ header: 'authorization', scheme: 'bearer' })
  const twice = (name: string, first: string, second: string) => {
    const headers = new Headers()
    headers.append(name, first)
    headers.append(name, second)
    return { ...request({}), headers }
  }

  test.each([
    ['one valid + one invalid', 'c-123', 'c-999'],
    ['one invalid + one valid', 'c-999', 'c-123'],
    ['both valid', 'c-123', 'c-123'],
  ])('plain header, %s: accepted', async (_name, first, second) => {
    await expect(ups(twice('credential', first, second), ['c-123'])).resolves.toEqual({ secretIndex: 0 })
  })

  test('plain header, both invalid: refused', async () => {
    await expect(ups(twice('credential', 'c-998', 'c-999'), ['c-123'])).rejects.toMatchObject(invalid)
  })

  test('a plain token that itself contains ", " still matches as a whole', async () => {
    await expect(ups(request({ credential: 'a, b' }), ['a, b'])).resolves.toEqual({ secretIndex: 0 })
  })

  test('bearer header: any valid copy is accepted, none is refused', async () => {
    await expect(bearer(twice('authorization', 'Bearer nope', 'Bearer tok'), ['tok'])).resolves.toBeDefined()
    await expect(bearer(twice('authorization', 'Bearer nope', 'Bearer no'), ['tok'])).rejects.toMatchObject(
      invalid,
    )
  })

  test('query parameter repeated: any valid copy is accepted, none is refused', async () => {
    const shippo = staticTokenVerifier(STATIC_TOKEN_PRESETS.shippoUrlToken)
    await expect(shippo(request({}, '/hooks?token=bad&token=good'), ['good'])).resolves.toBeDefined()
    await expect(shippo(request({}, '/hooks?token=bad&token=worse'), ['good'])).rejects.toMatchObject(invalid)
  })
})

describe('query token (Shippo URL token)', () => {
  const shippo = staticTokenVerifier(STATIC_TOKEN_PRESETS.shippoUrlToken)
  test('accepts the right token, also on a relative URL', async () => {
    await expect(
      shippo(request({}, 'https://shop.example/hooks?token=s3cr%2Ft'), ['s3cr/t']),
    ).resolves.toBeDefined()
    await expect(shippo(request({}, '/hooks?a=1&token=s3cr%2Ft'), ['s3cr/t'])).resolves.toBeDefined()
  })

  test.each([
    'https://shop.example/hooks',
    'https://shop.example/hooks?token=',
    'https://shop.example/hooks?token=wrong',
    'https://shop.example/hooks?tok=s3cr%2Ft',
    'http://[::1',
  ])('rejects %s', async (url) => {
    await expect(shippo(request({}, url), ['s3cr/t'])).rejects.toMatchObject(invalid)
  })
})

describe('configuration', () => {
  test.each([
    ['neither header nor query', {}],
    ['both header and query', { header: 'credential', query: 'token' }],
    ['a scheme on a query token', { query: 'token', scheme: 'bearer' }],
    ['an invalid header name', { header: 'bad header' }],
  ])('%s is CONFIG_INVALID', (_name, options) => {
    expect(() => staticTokenVerifier(options as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })

  test('an empty secret list or an empty secret is CONFIG_INVALID, even for an empty presented token', async () => {
    const ups = staticTokenVerifier(STATIC_TOKEN_PRESETS.upsTrackAlert)
    await expect(ups(request({ credential: 'x' }), [])).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
    await expect(ups(request({ credential: 'x' }), [''])).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })
})
