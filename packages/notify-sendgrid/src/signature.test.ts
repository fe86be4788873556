import { readFileSync } from 'node:fs'
import { isWismoError } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { VECTOR, vectorRequest } from '../test/sendgrid-api.ts'
import { derToRaw, sendgridEventVerifier } from './signature.ts'

// Official vectors of sendgrid/sendgrid-nodejs packages/eventwebhook/src/eventwebhook.spec.js (MIT).
const MULTI = {
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==',
  signature:
    'MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5',
  timestamp: '1619651159',
  payload: readFileSync(new URL('../test/fixtures/signed_event_multi_payload.txt', import.meta.url), 'utf8'),
}
const WRONG_KEY =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA=='
const BAD_SIGNATURE =
  'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0='

const verify = sendgridEventVerifier()

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  return isWismoError(error) ? error.code : `not a WismoError: ${String(error)}`
}

describe('SendGrid Signed Event Webhook, official vectors', () => {
  it('single event: verifies, reporting the signed timestamp', async () => {
    expect(await verify(vectorRequest(), [VECTOR.publicKey])).toEqual({
      timestamp: 1600112502,
      secretIndex: 0,
    })
  })

  it('multi event (CRLF between events): verifies', async () => {
    const request = vectorRequest({
      signature: MULTI.signature,
      timestamp: MULTI.timestamp,
      body: MULTI.payload,
    })
    expect(MULTI.payload.endsWith('}]\r\n')).toBe(true)
    await expect(verify(request, [MULTI.publicKey])).resolves.toMatchObject({ timestamp: 1619651159 })
  })

  it('the vector without its trailing CRLF fails: the exact bytes are signed', async () => {
    const body = VECTOR.payload.replace(/\r\n$/, '')
    expect(await codeOf(verify(vectorRequest({ body }), [VECTOR.publicKey]))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
  })

  it.each([
    ['the wrong public key', {}, WRONG_KEY],
    ['a bad signature', { signature: BAD_SIGNATURE }, VECTOR.publicKey],
    ["the payload 'payload'", { body: 'payload' }, VECTOR.publicKey],
    ["the timestamp 'timestamp'", { timestamp: 'timestamp' }, VECTOR.publicKey],
    ['another timestamp', { timestamp: '1600112503' }, VECTOR.publicKey],
    ['a signature that is not base64 DER', { signature: 'bm90IGEgc2lnbmF0dXJl' }, VECTOR.publicKey],
    ['an over-long signature header', { signature: 'A'.repeat(4096) }, VECTOR.publicKey],
  ])('%s → WEBHOOK_INVALID_SIGNATURE', async (_title, overrides, key) => {
    expect(await codeOf(verify(vectorRequest(overrides), [key]))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('missing headers → WEBHOOK_INVALID_SIGNATURE', async () => {
    const request = vectorRequest()
    request.headers.delete('x-twilio-email-event-webhook-signature')
    expect(await codeOf(verify(request, [VECTOR.publicKey]))).toBe('WEBHOOK_INVALID_SIGNATURE')
    const noTime = vectorRequest()
    noTime.headers.delete('x-twilio-email-event-webhook-timestamp')
    expect(await codeOf(verify(noTime, [VECTOR.publicKey]))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('key rotation: any configured key verifies, and the result says which', async () => {
    expect(await verify(vectorRequest(), [WRONG_KEY, VECTOR.publicKey])).toMatchObject({ secretIndex: 1 })
  })

  it('no key, or a key that is not a P-256 SPKI → CONFIG_INVALID', async () => {
    expect(await codeOf(verify(vectorRequest(), []))).toBe('CONFIG_INVALID')
    expect(await codeOf(verify(vectorRequest(), ['bm90IGEga2V5']))).toBe('CONFIG_INVALID')
  })

  it('with a tolerance: the signature is checked first, then the age', async () => {
    const strict = sendgridEventVerifier({ toleranceSec: 300 })
    const signedAt = new Date(1600112502_000)
    await expect(
      strict(vectorRequest(), [VECTOR.publicKey], new Date(signedAt.getTime() + 299_000)),
    ).resolves.toBeTruthy()
    expect(
      await codeOf(strict(vectorRequest(), [VECTOR.publicKey], new Date(signedAt.getTime() + 301_000))),
    ).toBe('WEBHOOK_STALE')
    expect(
      await codeOf(strict(vectorRequest(), [VECTOR.publicKey], new Date(signedAt.getTime() - 301_000))),
    ).toBe('WEBHOOK_STALE')
    expect(await codeOf(strict(vectorRequest({ body: 'payload' }), [VECTOR.publicKey], new Date(0)))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
  })
})

describe('derToRaw', () => {
  const der = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16))
  it('pads short integers and drops the sign byte', () => {
    const ok = derToRaw(der('300702020080020101'))
    expect(ok?.length).toBe(64)
    expect(ok?.[31]).toBe(0x80)
    expect(ok?.[63]).toBe(0x01)
  })
  it.each([
    ['trailing bytes', '30070201010201010000'],
    ['wrong outer length', '3009020101020101'],
    ['not a sequence', '3106020101020101'],
    ['an integer longer than 32 bytes', `3025022101${'11'.repeat(32)}020101`],
    ['a zero-length integer', '30050200020101'],
  ])('refuses %s', (_title, hex) => {
    expect(derToRaw(der(hex))).toBeNull()
  })
})
