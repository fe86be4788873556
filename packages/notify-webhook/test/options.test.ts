import { describe, expect, it } from 'vitest'
import { webhookNotifier } from '../src/index.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const errorOf = (fn: () => unknown): unknown => {
  try {
    fn()
  } catch (e) {
    return e
  }
  return null
}

describe('options', () => {
  it('names every bad field, nested ones included, and never echoes a secret', () => {
    const badSecret = 'whsec_bm90LWJhc2U2NCE'
    const error = errorOf(() =>
      webhookNotifier({
        secret: [SECRET, 'not-a-whsec-secret-value'],
        endpoints: {
          erp: { url: 'gopher://erp.example', secret: badSecret },
          'bad name': 'https://x.example',
        },
        messageIdHeader: 'x request id',
        ca: 'not a certificate',
      } as never),
    ) as Error & { code: string; details: { problems: string[] } }
    expect(error.code).toBe('CONFIG_INVALID')
    const text = `${error.message} ${JSON.stringify(error.details)}`
    for (const field of ['secret.1', 'endpoints.erp', 'endpoints.bad name', 'messageIdHeader', 'ca'])
      expect(text).toContain(field)
    for (const secret of ['not-a-whsec-secret-value', badSecret]) expect(text).not.toContain(secret)
  })

  it('secrets must hold 24–64 bytes, as Standard Webhooks asks', () => {
    const of = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`
    expect(errorOf(() => webhookNotifier({ secret: of(23) }))).toMatchObject({ code: 'CONFIG_INVALID' })
    expect(errorOf(() => webhookNotifier({ secret: of(65) }))).toMatchObject({ code: 'CONFIG_INVALID' })
    expect(webhookNotifier({ secret: of(24) }).id).toBe('webhook')
    expect(webhookNotifier({ secret: of(64) }).capabilities).toEqual({
      channels: ['webhook'],
      idempotencyKeys: true,
      deliveryEvents: false,
    })
  })
})
