import { deflateSync, gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { memoryStore } from '../store/memory-store.ts'
import { createWismo, type Wismo } from '../wismo.ts'
import { hookCarrier, signedRequest, trackingBody } from './hook-carrier.test-helpers.ts'

const URL_ = 'http://localhost/webhooks/hooks'
const newWismo = (webhooks: Parameters<typeof createWismo>[0]['webhooks'] = {}) =>
  createWismo({ store: memoryStore(), carriers: [hookCarrier()], webhooks })

/** A body that drips one byte every `everyMs`, forever: each byte resets the idle timer. */
function drip(everyMs: number, sent: { bytes: number }) {
  let timer: ReturnType<typeof setTimeout> | undefined
  return new ReadableStream<Uint8Array>(
    {
      pull: (controller) =>
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            sent.bytes++
            controller.enqueue(new Uint8Array([0x20]))
            resolve()
          }, everyMs)
        }),
      cancel: () => clearTimeout(timer),
    },
    { highWaterMark: 0 },
  )
}

const post = (body: ReadableStream<Uint8Array>) =>
  new Request(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit)

describe('body deadline', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  async function answeredAt(wismo: Wismo, deadlineMs: number) {
    const sent = { bytes: 0 }
    let answer: Response | null = null
    void wismo.webhooks.handle(post(drip(2000, sent))).then((res) => {
      answer = res
    })
    await vi.advanceTimersByTimeAsync(deadlineMs - 1)
    const early = answer
    await vi.advanceTimersByTimeAsync(1)
    return { early, answer: answer as Response | null, sent }
  }

  it('answers 408 WEBHOOK_BODY_TIMEOUT to a body dripped one byte every 2 s once 30 s have passed, though no pause reached the idle timeout', async () => {
    const { early, answer, sent } = await answeredAt(newWismo(), 30_000)
    expect(early).toBeNull()
    expect(sent.bytes).toBeGreaterThanOrEqual(14) // the drip was being read all along
    expect(answer?.status).toBe(408)
    expect(await answer?.json()).toEqual({ ok: false, error: 'WEBHOOK_BODY_TIMEOUT' })
  })

  it('takes the deadline from webhooks.bodyTimeoutMs', async () => {
    const { early, answer } = await answeredAt(newWismo({ bodyTimeoutMs: 5_000 }), 5_000)
    expect(early).toBeNull()
    expect(answer?.status).toBe(408)
  })

  it('still answers 408 to a body that stops, after bodyIdleTimeoutMs', async () => {
    const wismo = newWismo({ bodyIdleTimeoutMs: 3_000 })
    const stalled = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array([0x7b])) })
    const answer = wismo.webhooks.handle(post(stalled))
    await vi.advanceTimersByTimeAsync(3_000)
    expect((await answer).status).toBe(408)
  })

  it('refuses a bodyTimeoutMs that is not a positive integer', () => {
    expect(() => newWismo({ bodyTimeoutMs: 0 })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})

describe('Content-Encoding: what the sender signed (the payload) is what is verified', () => {
  const payload = (n: string) =>
    trackingBody(n, [{ id: `${n}-1`, status: 'in_transit', at: '2026-03-01T10:00:00Z' }])
  /** Signed over the payload, sent compressed: what a sender with transport compression does. */
  async function compressed(n: string, encoding: string, encode: (b: Uint8Array) => Uint8Array) {
    const signed = await signedRequest(payload(n))
    const headers = new Headers(signed.headers)
    headers.set('content-encoding', encoding)
    const bytes = encode(new TextEncoder().encode(payload(n)))
    return new Request(URL_, { method: 'POST', headers, body: bytes as Uint8Array<ArrayBuffer> })
  }
  const status = async (w: Wismo, n: string) => (await w.findShipment('hooks', n))?.shipment.status ?? null

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['GZIP', gzipSync],
  ] as const)('decodes %s and verifies the payload', async (encoding, encode) => {
    const w = newWismo()
    const n = `HZ${encoding.toUpperCase().replace('-', '')}`
    const res = await w.webhooks.handle(await compressed(n, encoding, encode))
    expect(await res.json()).toEqual({ ok: true, updates: 1, newEvents: 1 })
    expect(await status(w, n)).toBe('in_transit')
  })

  it.runIf(canDecode('brotli'))('decodes br where the runtime has brotli', async () => {
    const { brotliCompressSync } = await import('node:zlib')
    const w = newWismo()
    expect((await w.webhooks.handle(await compressed('HZBR', 'br', brotliCompressSync))).status).toBe(200)
  })

  it('refuses a signature computed over the compressed bytes (401)', async () => {
    const w = newWismo()
    const zipped = gzipSync(payload('HZC'))
    const signed = await signedRequest(zipped, { headers: { 'content-encoding': 'gzip' } })
    const res = await w.webhooks.handle(signed)
    expect(await res.json()).toEqual({ ok: false, error: 'WEBHOOK_INVALID_SIGNATURE' })
    expect(await status(w, 'HZC')).toBeNull()
  })

  it.each(['compress', 'zstd', 'gzip, gzip', 'x-custom'])(
    'answers 415 to Content-Encoding %s',
    async (encoding) => {
      const w = newWismo()
      const res = await w.webhooks.handle(
        await signedRequest(payload('HZU'), { headers: { 'content-encoding': encoding } }),
      )
      expect(res.status).toBe(415)
      expect(await res.json()).toEqual({ ok: false, error: 'WEBHOOK_ENCODING_UNSUPPORTED' })
    },
  )

  it('applies maxBodyBytes to the decoded size: a gzip bomb under the limit on the wire is 413', async () => {
    const w = newWismo({ maxBodyBytes: 4096 })
    const bomb = gzipSync(new Uint8Array(2 * 1024 * 1024))
    expect(bomb.byteLength).toBeLessThan(4096)
    const res = await w.webhooks.handle(
      new Request(URL_, { method: 'POST', headers: { 'content-encoding': 'gzip' }, body: bomb }),
    )
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ ok: false, error: 'WEBHOOK_TOO_LARGE' })
  })

  it('answers 400 WEBHOOK_MALFORMED to bytes that are not what Content-Encoding says', async () => {
    const w = newWismo()
    const res = await w.webhooks.handle(
      await signedRequest(payload('HZX'), { headers: { 'content-encoding': 'gzip' } }),
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ ok: false, error: 'WEBHOOK_MALFORMED' })
  })
})

function canDecode(format: string): boolean {
  try {
    new DecompressionStream(format as CompressionFormat)
    return true
  } catch {
    return false
  }
}
