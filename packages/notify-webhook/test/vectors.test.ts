import { signStandardWebhook, standardWebhooksVerifier } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { verifyV1 } from './receiver.ts'

// Official Standard Webhooks test vectors, verbatim (../shared/PROVIDERS.md §7):
// A: libraries/javascript/src/webhook.test.ts "sign function works" (same in python, go, php, ruby, C#).
// B: libraries/rust/src/lib.rs `test_sign`.
const VECTORS = [
  {
    name: 'A (javascript, python, go, php, ruby, csharp)',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    payload: '{"test": 2432232314}',
    expected: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  },
  {
    name: 'B (rust)',
    secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
    id: 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk',
    timestamp: 1649367553,
    payload: '{"email":"test@example.com","username":"test_user"}',
    expected: 'v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=',
  },
] as const

// Negative fixtures from the same test files.
const WRONG = [
  'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
  'v1,dawfeoifkpqwoekfpqoekf',
  'v1,',
  'v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=',
]

describe('Standard Webhooks official vectors', () => {
  for (const v of VECTORS) {
    it(`core's signStandardWebhook (what the notifier signs with) reproduces vector ${v.name}`, async () => {
      const headers = await signStandardWebhook({
        secret: v.secret,
        id: v.id,
        timestamp: v.timestamp,
        body: v.payload,
      })
      expect(headers).toEqual({
        'webhook-id': v.id,
        'webhook-timestamp': String(v.timestamp),
        'webhook-signature': v.expected,
      })
    })

    it(`the test receiver's independent verifier accepts vector ${v.name} and refuses changes`, () => {
      const ts = String(v.timestamp)
      expect(verifyV1(v.secret, v.id, ts, v.payload, v.expected)).toBe(true)
      expect(verifyV1(v.secret, v.id, ts, v.payload, `${WRONG[0]} ${v.expected}`)).toBe(true)
      expect(verifyV1(v.secret, v.id, ts, `${v.payload} `, v.expected)).toBe(false)
      expect(verifyV1(v.secret, v.id, String(v.timestamp + 1), v.payload, v.expected)).toBe(false)
      expect(verifyV1(v.secret, v.id, 'hello', v.payload, v.expected)).toBe(false)
      expect(verifyV1(v.secret, v.id, ts, v.payload, v.expected.slice(0, 8))).toBe(false)
      for (const wrong of WRONG) expect(verifyV1(v.secret, v.id, ts, v.payload, wrong)).toBe(false)
    })

    it(`core's verifier accepts vector ${v.name} at its own time`, async () => {
      const verify = standardWebhooksVerifier()
      const req = {
        method: 'POST',
        url: 'https://erp.example/hooks',
        headers: new Headers({
          'webhook-id': v.id,
          'webhook-timestamp': String(v.timestamp),
          'webhook-signature': v.expected,
        }),
        body: new TextEncoder().encode(v.payload),
      }
      const result = await verify(req, [v.secret], new Date(v.timestamp * 1000))
      expect(result).toMatchObject({ messageId: v.id, timestamp: v.timestamp })
    })
  }
})
