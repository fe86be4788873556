import type { IncomingHttpHeaders } from 'node:http'
import { PassThrough, type Readable } from 'node:stream'

/**
 * The handler's body timeouts, applied while Fastify reads the body (it reads before the handler
 * runs, so the handler's own timers would start too late).
 * @example const timeouts: BodyTimeouts = { idleMs: 10_000, totalMs: 30_000 }
 */
export interface BodyTimeouts {
  /** Longest pause between chunks. */
  idleMs: number
  /** Longest time for the whole body, however steadily it drips. */
  totalMs: number
}

/**
 * True when the request announces a body (Fastify parses only then).
 * @example if (hasBody(request.headers)) return bodyDeadline(payload, timeouts)
 */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length']
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/**
 * `payload` passed through, failing with a 408 error (Fastify's `statusCode` convention) when a
 * chunk is late or the whole body is. On a timeout the rest is left unread rather than the socket
 * destroyed: Fastify answers with `Connection: close`, so the 408 still reaches the sender.
 * @example app.addHook('preParsing', async (req, _reply, payload) => bodyDeadline(payload, timeouts))
 */
export function bodyDeadline(payload: Readable, timeouts: BodyTimeouts): Readable {
  const out = new PassThrough()
  const stop = () => {
    clearTimeout(total)
    clearTimeout(idle)
    payload.off('data', onData).off('error', onError).off('end', stop).off('close', onClose)
  }
  const fail = (message: string) => {
    stop()
    payload.unpipe(out)
    payload.resume()
    out.destroy(Object.assign(new Error(message), { statusCode: 408 }))
  }
  const onData = () => idle.refresh()
  const onError = (e: unknown) => {
    stop()
    out.destroy(e instanceof Error ? e : new Error(String(e)))
  }
  const onClose = () => {
    if (payload.readableEnded) stop()
    else onError(new Error('The client closed the connection before the body ended'))
  }
  const total = setTimeout(fail, timeouts.totalMs, `Body not complete within ${timeouts.totalMs} ms`)
  const idle = setTimeout(fail, timeouts.idleMs, `No body data for ${timeouts.idleMs} ms`)
  payload.on('data', onData).on('error', onError).on('end', stop).on('close', onClose)
  // Fastify listens for errors while it reads; this only keeps a late one from being unhandled.
  out.on('error', () => {})
  return payload.pipe(out)
}
