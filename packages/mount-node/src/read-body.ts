import type { IncomingMessage } from 'node:http'
import { WismoError } from '@wismo/core'

/**
 * Limits of {@link readNodeBody}: Wismo's own (`wismo.webhooks.limits`).
 * @example const limits: NodeBodyLimits = { maxBodyBytes: 1024 * 1024, bodyIdleTimeoutMs: 10_000, bodyTimeoutMs: 30_000 }
 */
export interface NodeBodyLimits {
  maxBodyBytes: number
  bodyIdleTimeoutMs: number
  bodyTimeoutMs: number
}

/**
 * A Node request's whole body as its exact bytes, read straight from the socket. Rejects with
 * `WEBHOOK_TOO_LARGE` on a declared or actual size over the limit (the rest is drained, not
 * kept), `WEBHOOK_BODY_TIMEOUT` when a chunk or the whole body is late, `WEBHOOK_MALFORMED` when
 * the client hangs up mid-body, `CONFIG_INVALID` when someone set the stream to text mode.
 * @example const body = await readNodeBody(req, wismo.webhooks.limits)
 */
export function readNodeBody(req: IncomingMessage, limits: NodeBodyLimits): Promise<Uint8Array> {
  const declared = req.headers['content-length']
  if (declared !== undefined && (!/^\d+$/.test(declared.trim()) || Number(declared) > limits.maxBodyBytes))
    return Promise.reject(tooLarge(limits.maxBodyBytes))
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let size = 0
    let idle: ReturnType<typeof setTimeout> | undefined
    const fail = (e: WismoError) => {
      stop()
      req.resume() // drain what is left; the answer still has to go out on this socket
      reject(e)
    }
    const timeout = (message: string) => () => fail(new WismoError('WEBHOOK_BODY_TIMEOUT', message))
    const deadline = setTimeout(
      timeout(`Body not complete within ${limits.bodyTimeoutMs} ms`),
      limits.bodyTimeoutMs,
    )
    const arm = () => {
      clearTimeout(idle)
      idle = setTimeout(timeout(`No body data for ${limits.bodyIdleTimeoutMs} ms`), limits.bodyIdleTimeoutMs)
    }
    const onData = (chunk: unknown) => {
      if (!(chunk instanceof Uint8Array))
        return fail(
          new WismoError('CONFIG_INVALID', 'The request stream was set to text mode before Wismo read it'),
        )
      size += chunk.byteLength
      if (size > limits.maxBodyBytes) return fail(tooLarge(limits.maxBodyBytes))
      chunks.push(chunk)
      arm()
    }
    const onEnd = () => {
      stop()
      resolve(chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, size))
    }
    const onClose = () =>
      fail(new WismoError('WEBHOOK_MALFORMED', 'The client closed the connection before the body ended'))
    const stop = () => {
      clearTimeout(idle)
      clearTimeout(deadline)
      req.off('data', onData).off('end', onEnd).off('error', onClose).off('close', onClose)
    }
    arm()
    req.on('data', onData).on('end', onEnd).on('error', onClose).on('close', onClose)
  })
}

function tooLarge(maxBytes: number): WismoError {
  return new WismoError('WEBHOOK_TOO_LARGE', `Body larger than ${maxBytes} bytes`)
}
