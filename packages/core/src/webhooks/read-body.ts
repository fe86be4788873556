import { isWismoError, WismoError } from '../errors.ts'
import { bodyDecoder, byteCap, tooLarge } from './decode-body.ts'

/** Default of {@link BodyLimits.timeoutMs}: the whole body must arrive within 30 s. */
const BODY_TIMEOUT_MS_DEFAULT = 30_000

/**
 * Limits of {@link readBody}.
 * @example const limits: BodyLimits = { maxBytes: 1024 * 1024, idleTimeoutMs: 10_000, timeoutMs: 30_000 }
 */
export interface BodyLimits {
  /** Most bytes accepted, on the wire and after decoding `Content-Encoding`. */
  maxBytes: number
  /** Longest time to wait for the next chunk (slow-loris protection). */
  idleTimeoutMs: number
  /**
   * Longest time for the whole body, however often chunks come: a body dripped one byte at a
   * time resets the idle timer forever, but not this one. Default 30 s.
   */
  timeoutMs?: number
}

/**
 * Read a request body as exact bytes, decoding `Content-Encoding` (gzip, deflate, br where the
 * runtime has it; others are `WEBHOOK_ENCODING_UNSUPPORTED`). Refuses a declared or actual size
 * over the limit, before or after decoding (`WEBHOOK_TOO_LARGE`), and a body that stalls or takes
 * longer than its deadline (`WEBHOOK_BODY_TIMEOUT`). Stops reading at the limit, so an endless
 * stream or a decompression bomb costs at most `maxBytes` of memory.
 * @example
 * const bytes = await readBody(request, { maxBytes: 1024 * 1024, idleTimeoutMs: 10_000, timeoutMs: 30_000 })
 */
export async function readBody(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > limits.maxBytes))
    throw tooLarge(limits.maxBytes)
  const decoder = bodyDecoder(request.headers.get('content-encoding'))
  if (!request.body) return new Uint8Array(0)
  const body = decoder
    ? request.body.pipeThrough(byteCap(limits.maxBytes)).pipeThrough(decoder)
    : request.body
  return collect(body.getReader(), limits)
}

async function collect(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limits: BodyLimits,
): Promise<Uint8Array> {
  const totalMs = limits.timeoutMs ?? BODY_TIMEOUT_MS_DEFAULT
  const deadline = timer(totalMs, `Body not complete within ${totalMs} ms`)
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const next = timer(limits.idleTimeoutMs, `No body data for ${limits.idleTimeoutMs} ms`)
      const { done, value } = await Promise.race([reader.read(), deadline.expired, next.expired]).finally(
        next.clear,
      )
      if (done) break
      size += value.byteLength
      if (size > limits.maxBytes) throw tooLarge(limits.maxBytes)
      chunks.push(value)
    }
  } catch (e) {
    void reader.cancel().catch(() => {})
    throw isWismoError(e)
      ? e
      : new WismoError('WEBHOOK_MALFORMED', 'The request body could not be read', { cause: e })
  } finally {
    deadline.clear()
  }
  return concat(chunks, size)
}

/** A promise that rejects with `WEBHOOK_BODY_TIMEOUT` after `ms`, unless cleared first. */
function timer(ms: number, message: string): { expired: Promise<never>; clear: () => void } {
  let handle: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new WismoError('WEBHOOK_BODY_TIMEOUT', message)), ms)
  })
  // Raced every round; the rejection is always observed there, never unhandled.
  expired.catch(() => {})
  return { expired, clear: () => clearTimeout(handle) }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
