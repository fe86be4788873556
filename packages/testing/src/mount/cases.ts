import { expect } from 'vitest'
import { MOUNT_TEST_CARRIER, mountTestPayload, signMountTestBody } from './carrier.ts'
import { chunks, hangUpMidBody, sendHttp } from './http.ts'
import { json, MOUNT_TEST_LIMITS, type MountHarness, stored, trackingNumber } from './support.ts'

export { MOUNT_TEST_LIMITS, type MountHarness } from './support.ts'

/** Valid for the test carrier, but with bytes a JSON round trip would change. */
const oddBody = (n: string) =>
  `\r\n{ "data": {"scans": [ {"text": "Z\\u00fcrich \u2192 東京 😀 \\/ ok", "at":"2026-03-01T10:00:00Z",  "status":"in_transit", "id":"${n}-1"}],\n` +
  ` "number": "${n}"},\n\t"weight": 136.0, "ratio": 1e2, "type":"tracking.updated" }\n`
const ODD_TEXT = 'Z\u00fcrich \u2192 東京 😀 / ok'

/** A valid payload padded to exactly `size` UTF-8 bytes. */
function payloadOfSize(n: string, size: number): string {
  const bare = mountTestPayload(n, { pad: '' })
  return mountTestPayload(n, { pad: 'x'.repeat(size - Buffer.byteLength(bare)) })
}

async function* pieces(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

/** Raw bytes must reach the verifier untouched: a mount that parses and re-encodes fails here. */
export function exactBytesCases(h: MountHarness): void {
  h.test(
    'keeps the exact bytes: an odd but signed body (unicode, 136.0, whitespace, key order) verifies and is stored',
    async () => {
      const n = trackingNumber()
      const body = oddBody(n)
      const res = await sendHttp(h.route(), {
        headers: { ...json, ...(await signMountTestBody(body)) },
        body,
      })
      expect(res.status).toBe(200)
      expect(res.json).toEqual({ ok: true, updates: 1, newEvents: 1 })
      expect(res.headers['content-type']).toMatch(/^application\/json/)
      const view = await h.wismo().findShipment(MOUNT_TEST_CARRIER, n)
      expect(view?.shipment.status).toBe('in_transit')
      expect(view?.timeline.map((e) => e.rawText)).toEqual([ODD_TEXT])
    },
  )

  h.test('refuses a body re-encoded after signing (401) and stores nothing', async () => {
    const n = trackingNumber()
    const body = oddBody(n)
    const reencoded = JSON.stringify(JSON.parse(body))
    const res = await sendHttp(h.route(), {
      headers: { ...json, ...(await signMountTestBody(body)) },
      body: reencoded,
    })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ ok: false, error: 'WEBHOOK_INVALID_SIGNATURE' })
    expect(await stored(h, n)).toBeNull()
  })

  h.test('reads headers in any casing (WEBHOOK-SIGNATURE)', async () => {
    const n = trackingNumber()
    const body = mountTestPayload(n)
    const signed = await signMountTestBody(body)
    const shouted = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v]))
    const res = await sendHttp(h.route(), {
      headers: { 'Content-Type': 'application/json', ...shouted },
      body,
    })
    expect(res.status).toBe(200)
    expect(await stored(h, n)).toBe('in_transit')
  })

  h.test('a forged request changes nothing (401); the genuine one then lands (200)', async () => {
    const n = trackingNumber()
    const body = mountTestPayload(n)
    const forged = await signMountTestBody(body, { secret: 'whsec_Zm9yZ2VkLXNlY3JldC1mb3ItdGhlLXN1aXRl' })
    const rejected = await sendHttp(h.route(), { headers: { ...json, ...forged }, body })
    expect(rejected.status).toBe(401)
    expect(await stored(h, n)).toBeNull()
    const accepted = await sendHttp(h.route(), {
      headers: { ...json, ...(await signMountTestBody(body)) },
      body,
    })
    expect(accepted.status).toBe(200)
    expect(await stored(h, n)).toBe('in_transit')
  })
}

/** Methods and paths: the handler's 405 and 404 reach the client. */
export function routingCases(h: MountHarness): void {
  h.test('answers 405 with Allow: POST to another method, and stores nothing', async () => {
    const got = await sendHttp(h.route(), { method: 'GET' })
    expect(got.status).toBe(405)
    expect(got.headers.allow).toBe('POST')
    expect(got.json).toEqual({ ok: false, error: 'WEBHOOK_METHOD_NOT_ALLOWED' })
    const n = trackingNumber()
    const body = mountTestPayload(n)
    const put = await sendHttp(h.route(), {
      method: 'PUT',
      headers: { ...json, ...(await signMountTestBody(body)) },
      body,
    })
    expect(put.status).toBe(405)
    expect(await stored(h, n)).toBeNull()
  })

  h.test('checks the route before the method: another method to an unknown carrier is 404', async () => {
    const got = await sendHttp(h.route('no-such-carrier'), { method: 'GET' })
    expect(got.status).toBe(404)
    expect(got.json).toEqual({ ok: false, error: 'WEBHOOK_ROUTE_UNKNOWN' })
  })

  h.test('answers 404 to an unknown carrier and to a path below a carrier route', async () => {
    const n = trackingNumber()
    const body = mountTestPayload(n)
    const headers = { ...json, ...(await signMountTestBody(body)) }
    const unknown = await sendHttp(h.route('no-such-carrier'), { headers, body })
    expect(unknown.status).toBe(404)
    expect(unknown.json).toEqual({ ok: false, error: 'WEBHOOK_ROUTE_UNKNOWN' })
    expect((await sendHttp(`${h.route()}/extra`, { headers, body })).status).toBe(404)
    expect(await stored(h, n)).toBeNull()
  })
}

/** The handler's size limit holds through the framework, declared or not. */
export function limitCases(h: MountHarness): void {
  const limit = MOUNT_TEST_LIMITS.maxBodyBytes
  h.test(`accepts a body of exactly the limit (${limit} bytes), sent whole or chunked`, async () => {
    for (const chunked of [false, true]) {
      const n = trackingNumber()
      const body = payloadOfSize(n, limit)
      const headers = { ...json, ...(await signMountTestBody(body)) }
      const res = await sendHttp(h.route(), { headers, body: chunked ? pieces(body, 1000) : body })
      expect(res.status, chunked ? 'chunked' : 'with content-length').toBe(200)
      expect(await stored(h, n)).toBe('in_transit')
    }
  })

  h.test(
    'answers 413 to a body one byte over the limit with Content-Length, and stores nothing',
    async () => {
      const n = trackingNumber()
      const body = payloadOfSize(n, limit + 1)
      const res = await sendHttp(h.route(), {
        headers: { ...json, ...(await signMountTestBody(body)) },
        body,
      })
      expect(res.status).toBe(413)
      expect(await stored(h, n)).toBeNull()
    },
  )

  h.test('answers 413 to an oversize chunked body without Content-Length, and stores nothing', async () => {
    const n = trackingNumber()
    const body = payloadOfSize(n, limit * 3)
    const res = await sendHttp(h.route(), {
      headers: { ...json, ...(await signMountTestBody(body)) },
      body: pieces(body, 1000),
    })
    expect(res.status).toBe(413)
    expect(await stored(h, n)).toBeNull()
  })

  h.test(
    'cuts off an endless chunked body with 413 instead of buffering it',
    async () => {
      const cap = 64 * 1024 * 1024
      const res = await sendHttp(h.route(), { headers: json, body: chunks(16 * 1024, cap / (16 * 1024)) })
      expect(res.status).toBe(413)
      expect(res.sentBytes).toBeLessThan(cap)
    },
    30_000,
  )
}

/** Clients misbehave; the process must not. */
export function robustnessCases(h: MountHarness): void {
  h.test('survives clients hanging up mid-body (FIN and reset) and keeps serving', async () => {
    await hangUpMidBody(h.route(), { declared: 1000, partial: '{"type":"tracking.up', reset: false })
    await hangUpMidBody(h.route(), { declared: 1000, partial: '{"type":"tracking.up', reset: true })
    const n = trackingNumber()
    const body = mountTestPayload(n)
    const res = await sendHttp(h.route(), { headers: { ...json, ...(await signMountTestBody(body)) }, body })
    expect(res.status).toBe(200)
    expect(await stored(h, n)).toBe('in_transit')
  })
}
