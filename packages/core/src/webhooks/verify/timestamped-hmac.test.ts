import { createHmac } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { signTimestampedHmac, timestampedHmacVerifier } from './timestamped-hmac.ts'
import type { RawWebhookRequest } from './types.ts'

const HEADER = 'shippo-auth-signature'
const T = 1_700_000_000
const BODY = '{"event":"track_updated","test":true,"data":{}}'
const at = (unix: number) => new Date(unix * 1000)
const request = (value: string | undefined, body = BODY): RawWebhookRequest => ({
  method: 'POST',
  url: 'https://shop.example/webhooks/shippo',
  headers: new Headers(value === undefined ? {} : { [HEADER]: value }),
  body: new TextEncoder().encode(body),
})
const nodeMac = (secret: string, t: number, body = BODY) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
const verify = timestampedHmacVerifier({ header: HEADER })
const invalid = { name: 'WismoError', code: 'WEBHOOK_INVALID_SIGNATURE' }

describe('timestampedHmacVerifier', () => {
  test('signs "t.body" like an independent HMAC and verifies it', async () => {
    const value = await signTimestampedHmac({ secret: 'sk', body: BODY, timestamp: T })
    expect(value).toBe(`t=${T},v1=${nodeMac('sk', T)}`)
    await expect(verify(request(value), ['sk'], at(T))).resolves.toEqual({ timestamp: T, secretIndex: 0 })
  })

  test('tolerates spaces, uppercase hex, extra v0 entries and several v1 entries', async () => {
    const value = `t=${T}, v0=abcd, v1=${'00'.repeat(32)}, v1=${nodeMac('sk', T).toUpperCase()}`
    await expect(verify(request(value), ['sk'], at(T))).resolves.toMatchObject({ timestamp: T })
  })

  test('rotation: the second secret matches', async () => {
    await expect(
      verify(request(`t=${T},v1=${nodeMac('new', T)}`), ['old', 'new'], at(T)),
    ).resolves.toMatchObject({
      secretIndex: 1,
    })
  })

  test('the timestamp is signed: changing it breaks the signature', async () => {
    const value = `t=${T + 1},v1=${nodeMac('sk', T)}`
    await expect(verify(request(value), ['sk'], at(T))).rejects.toMatchObject(invalid)
  })

  test('outside the tolerance, either way, is WEBHOOK_STALE', async () => {
    const strict = timestampedHmacVerifier({ header: HEADER, toleranceSec: 60 })
    const value = `t=${T},v1=${nodeMac('sk', T)}`
    await expect(strict(request(value), ['sk'], at(T + 60))).resolves.toBeDefined()
    await expect(strict(request(value), ['sk'], at(T + 61))).rejects.toMatchObject({ code: 'WEBHOOK_STALE' })
    await expect(strict(request(value), ['sk'], at(T - 61))).rejects.toMatchObject({ code: 'WEBHOOK_STALE' })
  })

  test.each([
    ['missing header', undefined],
    ['no t', `v1=${nodeMac('sk', T)}`],
    ['two t, no v1', `t=${T},t=${T}`],
    ['non-numeric t', `t=abc,v1=${nodeMac('sk', T)}`],
    ['no v1', `t=${T}`],
    ['v1 not hex', `t=${T},v1=zz`],
    ['other body', `t=${T},v1=${nodeMac('sk', T, '{}')}`],
  ])('%s is WEBHOOK_INVALID_SIGNATURE', async (_name, value) => {
    await expect(verify(request(value), ['sk'], at(T))).rejects.toMatchObject(invalid)
  })

  describe('a header sent twice arrives joined with ", "', () => {
    const good = `t=${T},v1=${nodeMac('sk', T)}`
    const bad = `t=${T},v1=${nodeMac('other', T)}`
    const joined = (...copies: string[]) => {
      const headers = new Headers()
      for (const copy of copies) headers.append(HEADER, copy)
      return { ...request(undefined), headers }
    }

    test('one valid copy and one invalid copy verify, in either order', async () => {
      await expect(verify(joined(good, bad), ['sk'], at(T))).resolves.toEqual({
        timestamp: T,
        secretIndex: 0,
      })
      await expect(verify(joined(bad, good), ['sk'], at(T))).resolves.toEqual({
        timestamp: T,
        secretIndex: 0,
      })
    })

    test('two valid copies verify, also with different send times', async () => {
      await expect(verify(joined(good, good), ['sk'], at(T))).resolves.toMatchObject({ timestamp: T })
      const later = `t=${T + 30},v1=${nodeMac('sk', T + 30)}`
      await expect(verify(joined(good, later), ['sk'], at(T + 30))).resolves.toMatchObject({ secretIndex: 0 })
    })

    test('each v1 is checked against its own t: a signature moved to another t is refused', async () => {
      const moved = `t=${T + 1},v1=${nodeMac('sk', T)}`
      await expect(verify(joined(bad, moved), ['sk'], at(T))).rejects.toMatchObject(invalid)
    })

    test('two invalid copies are refused', async () => {
      await expect(verify(joined(bad, bad), ['sk'], at(T))).rejects.toMatchObject(invalid)
    })

    test('an authentic stale copy next to an authentic fresh one verifies; only stale copies are WEBHOOK_STALE', async () => {
      const old = `t=${T - 3600},v1=${nodeMac('sk', T - 3600)}`
      await expect(verify(joined(old, good), ['sk'], at(T))).resolves.toMatchObject({ timestamp: T })
      await expect(verify(joined(old, bad), ['sk'], at(T))).rejects.toMatchObject({ code: 'WEBHOOK_STALE' })
    })
  })

  test('bad options and empty secrets are CONFIG_INVALID', async () => {
    expect(() => timestampedHmacVerifier({ header: '' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
    await expect(verify(request(`t=${T},v1=00`), [], at(T))).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })
})
