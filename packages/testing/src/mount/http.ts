import { type ClientRequest, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'

/**
 * What came back over the wire.
 * @example const { status, json } = await sendHttp(url, { method: 'GET' })
 */
export interface WireAnswer {
  status: number
  headers: IncomingHttpHeaders
  text: string
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown
}

/**
 * One request over a fresh loopback connection, with header names sent exactly as given (fetch
 * would lowercase them). `body` as bytes/string is sent with a Content-Length; as an iterable it
 * is sent chunked, stopping early once the server has answered.
 * @example await sendHttp(`${url}/mount-test`, { method: 'POST', headers: { 'WEBHOOK-ID': 'msg_1' }, body })
 */
export function sendHttp(
  url: string,
  init: {
    method?: string
    /** An array value sends that header once per entry (a repeated header). */
    headers?: Record<string, string | string[]>
    body?: string | Uint8Array | AsyncIterable<Uint8Array>
  } = {},
): Promise<WireAnswer & { sentBytes: number }> {
  return new Promise((resolve, reject) => {
    let answered = false
    let sentBytes = 0
    const req = httpRequest(url, { method: init.method ?? 'POST', headers: init.headers, agent: false })
    req.on('error', (e) => {
      // After the answer, a reset from a server that stopped reading is expected.
      if (!answered) reject(e)
    })
    req.on('response', (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      const done = () => {
        req.destroy()
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text), sentBytes })
      }
      res.on('end', done).on('error', done).on('aborted', done)
    })
    const body = init.body
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
      sentBytes = body === undefined ? 0 : Buffer.byteLength(body)
      req.end(body)
      return
    }
    void writeChunks(
      req,
      body,
      () => answered,
      (n) => (sentBytes += n),
    )
  })
}

async function writeChunks(
  req: ClientRequest,
  chunks: AsyncIterable<Uint8Array>,
  answered: () => boolean,
  count: (n: number) => void,
) {
  try {
    for await (const chunk of chunks) {
      if (answered() || req.destroyed) return
      count(chunk.byteLength)
      if (!req.write(chunk)) await new Promise((resolve) => req.once('drain', resolve).once('close', resolve))
    }
    if (!req.destroyed) req.end()
  } catch {
    // The request already failed; its 'error' handler reports it.
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Chunks of `chunkSize` bytes (spaces), `count` of them, or until the consumer stops pulling.
 * @example sendHttp(url, { body: chunks(1024, 16) })
 */
export async function* chunks(chunkSize: number, count: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    yield new Uint8Array(chunkSize).fill(0x20)
    // Let the answer (if any) arrive between chunks.
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/**
 * One byte (a space) every `everyMs`, until the consumer stops pulling: a slow-drip sender that
 * never pauses long enough for an idle timeout.
 * @example sendHttp(url, { body: drip(500) })
 */
export async function* drip(everyMs: number): AsyncGenerator<Uint8Array> {
  for (;;) {
    yield Uint8Array.of(0x20)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/**
 * Open a raw connection, send headers promising `declared` bytes and `partial` of them, then hang
 * up: with a FIN when `reset` is false, with a TCP reset when true.
 * @example await hangUpMidBody(`${url}/mount-test`, { declared: 1000, partial: '{"type":', reset: true })
 */
export function hangUpMidBody(
  url: string,
  options: { declared: number; partial: string; reset: boolean },
): Promise<void> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname, () => {
      const head = `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${options.declared}\r\n\r\n`
      socket.write(head + options.partial, () => {
        setTimeout(() => {
          if (options.reset) socket.resetAndDestroy()
          else socket.destroy()
          // Give the server time to notice before the next request.
          setTimeout(resolve, 50)
        }, 50)
      })
    })
    socket.on('error', reject)
  })
}
