import { deflateSync, gzipSync } from 'node:zlib'
import { expect } from 'vitest'
import { mountTestPayload, signMountTestBody } from './carrier.ts'
import { drip, sendHttp } from './http.ts'
import { json, MOUNT_TEST_LIMITS, type MountHarness, stored, trackingNumber } from './support.ts'

const encoders = { gzip: gzipSync, deflate: deflateSync } as const

/**
 * One rule for `Content-Encoding` on every mount: senders sign the payload, before transport
 * compression, so the payload is what is verified, and the size limit applies to it decoded.
 */
export function encodingCases(h: MountHarness): void {
  h.test('decodes a gzip or deflate body signed over its payload, and stores it (200)', async () => {
    for (const [encoding, encode] of Object.entries(encoders)) {
      const n = trackingNumber()
      const body = mountTestPayload(n)
      const signed = await signMountTestBody(body)
      const headers = { ...json, ...signed, 'content-encoding': encoding }
      const res = await sendHttp(h.route(), { headers, body: encode(body) })
      expect(res.status, encoding).toBe(200)
      expect(await stored(h, n)).toBe('in_transit')
    }
  })

  h.test(
    'answers 415 WEBHOOK_ENCODING_UNSUPPORTED to an unknown Content-Encoding, and stores nothing',
    async () => {
      const n = trackingNumber()
      const body = mountTestPayload(n)
      const headers = { ...json, ...(await signMountTestBody(body)), 'content-encoding': 'x-unknown' }
      const res = await sendHttp(h.route(), { headers, body })
      expect(res.status).toBe(415)
      expect(res.json).toEqual({ ok: false, error: 'WEBHOOK_ENCODING_UNSUPPORTED' })
      expect(await stored(h, n)).toBeNull()
    },
  )

  h.test(
    'applies the size limit to the decoded body: a small gzip bomb is 413, and stores nothing',
    async () => {
      const n = trackingNumber()
      const body = mountTestPayload(n, { pad: ' '.repeat(2 * 1024 * 1024) })
      const bomb = gzipSync(body)
      expect(bomb.byteLength).toBeLessThan(MOUNT_TEST_LIMITS.maxBodyBytes)
      const headers = { ...json, ...(await signMountTestBody(body)), 'content-encoding': 'gzip' }
      const res = await sendHttp(h.route(), { headers, body: bomb })
      expect(res.status).toBe(413)
      expect(res.json).toEqual({ ok: false, error: 'WEBHOOK_TOO_LARGE' })
      expect(await stored(h, n)).toBeNull()
    },
  )
}

/** A signature header sent twice reaches the verifier as one list; any valid copy verifies. */
export function repeatedHeaderCases(h: MountHarness): void {
  h.test(
    'accepts a signature header sent twice when either copy verifies; refuses two bad copies',
    async () => {
      const bad = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc='
      const send = async (copies: (good: string) => string[]) => {
        const n = trackingNumber()
        const body = mountTestPayload(n)
        const signed = await signMountTestBody(body)
        const headers = {
          ...json,
          ...signed,
          'webhook-signature': copies(signed['webhook-signature'] as string),
        }
        return { status: (await sendHttp(h.route(), { headers, body })).status, stored: await stored(h, n) }
      }
      expect(await send((good) => [good, bad])).toEqual({ status: 200, stored: 'in_transit' })
      expect(await send((good) => [bad, good])).toEqual({ status: 200, stored: 'in_transit' })
      expect(await send(() => [bad, bad])).toEqual({ status: 401, stored: null })
    },
  )
}

/** Every answer is the handler's JSON: no framework error page (HTML, stack trace). */
export function answerShapeCases(h: MountHarness): void {
  h.test(
    'answers a signed body that is not JSON with 400 WEBHOOK_MALFORMED as JSON, no error page',
    async () => {
      const body = '{"type":"tracking.updated",'
      const res = await sendHttp(h.route(), {
        headers: { ...json, ...(await signMountTestBody(body)) },
        body,
      })
      expect(res.status).toBe(400)
      expect(res.headers['content-type']).toMatch(/^application\/json/)
      expect(res.json).toEqual({ ok: false, error: 'WEBHOOK_MALFORMED' })
      expect(res.text).not.toMatch(/<html|<pre|stack|at .*\.js/i)
    },
  )
}

/** Name of the deadline test, for the `skip` list of a mount that cannot pass it. */
export const MOUNT_DRIP_TEST = `cuts off a body dripped byte by byte with 408 once bodyTimeoutMs (${MOUNT_TEST_LIMITS.bodyTimeoutMs} ms) has passed`

/** A body that never pauses long enough for the idle timeout still has a deadline. */
export function deadlineCases(h: MountHarness): void {
  h.test(
    MOUNT_DRIP_TEST,
    async () => {
      const res = await sendHttp(h.route(), {
        headers: json,
        body: drip(MOUNT_TEST_LIMITS.bodyIdleTimeoutMs / 4),
      })
      expect(res.status).toBe(408)
      expect(res.json).toEqual({ ok: false, error: 'WEBHOOK_BODY_TIMEOUT' })
    },
    30_000,
  )
}
