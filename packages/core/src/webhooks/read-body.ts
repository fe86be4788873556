import { WismoError } from '../errors.ts'

export interface BodyLimits {
  maxBytes: number
  /** Longest time to wait for the next chunk (slow-loris protection). */
  idleTimeoutMs: number
}

/**
 * Read a request body as exact bytes, refusing a declared or actual size over the limit
 * (`WEBHOOK_TOO_LARGE`) and a body that stalls (`WEBHOOK_BODY_TIMEOUT`). Stops reading at the
 * limit, so an endless stream costs at most `maxBytes` of memory.
 */
export async function readBody(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > limits.maxBytes))
    throw new WismoError('WEBHOOK_TOO_LARGE', `Body larger than ${limits.maxBytes} bytes`)
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await withTimeout(reader.read(), limits.idleTimeoutMs)
      if (done) break
      size += value.byteLength
      if (size > limits.maxBytes)
        throw new WismoError('WEBHOOK_TOO_LARGE', `Body larger than ${limits.maxBytes} bytes`)
      chunks.push(value)
    }
  } catch (e) {
    void reader.cancel().catch(() => {})
    throw e instanceof WismoError
      ? e
      : new WismoError('WEBHOOK_MALFORMED', 'The request body could not be read', { cause: e })
  }
  return concat(chunks, size)
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WismoError('WEBHOOK_BODY_TIMEOUT', `No body data for ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
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
