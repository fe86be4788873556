import { WismoError } from '../errors.ts'

/**
 * `Content-Encoding` values the handler decodes, mapped to the Web `DecompressionStream` format.
 * Data, so the list in the docs and the code cannot drift. `br` is decoded where the runtime's
 * `DecompressionStream` knows `brotli` (Node 24, recent browsers); elsewhere it is unsupported.
 */
const BODY_ENCODINGS = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'brotli',
} as const satisfies Record<string, string>

/**
 * A stream that decodes the body as its `Content-Encoding` says, or `null` for `identity` / none.
 * Senders sign the payload, not its transport compression, so the handler verifies decoded
 * bytes. One coding at most; anything else is `WEBHOOK_ENCODING_UNSUPPORTED` (415).
 * @example
 * const decoder = bodyDecoder(request.headers.get('content-encoding'))
 * const bytes = decoder ? request.body.pipeThrough(decoder) : request.body
 */
export function bodyDecoder(header: string | null): TransformStream<Uint8Array, Uint8Array> | null {
  const coding = header?.trim().toLowerCase() ?? ''
  if (coding === '' || coding === 'identity') return null
  const format = Object.hasOwn(BODY_ENCODINGS, coding)
    ? BODY_ENCODINGS[coding as keyof typeof BODY_ENCODINGS]
    : null
  const decoder = format === null ? null : decompression(format)
  if (decoder === null)
    throw new WismoError('WEBHOOK_ENCODING_UNSUPPORTED', 'Content-Encoding is not one the handler decodes', {
      details: { encoding: coding.slice(0, 40), supported: ['identity', ...Object.keys(BODY_ENCODINGS)] },
    })
  return decoder
}

function decompression(format: string): TransformStream<Uint8Array, Uint8Array> | null {
  try {
    return new DecompressionStream(format as CompressionFormat) as TransformStream<Uint8Array, Uint8Array>
  } catch {
    return null // the runtime does not know this format (brotli before Node 24)
  }
}

/**
 * A pass-through that fails with `WEBHOOK_TOO_LARGE` once more than `maxBytes` went through:
 * caps the compressed bytes on the wire while the decoded bytes are capped by the reader.
 * @example request.body.pipeThrough(byteCap(1024 * 1024)).pipeThrough(decoder)
 */
export function byteCap(maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let size = 0
  return new TransformStream({
    transform(chunk, controller) {
      size += chunk.byteLength
      if (size > maxBytes) throw tooLarge(maxBytes)
      controller.enqueue(chunk)
    },
  })
}

/**
 * The `WEBHOOK_TOO_LARGE` error for `maxBytes`.
 * @example throw tooLarge(4096)
 */
export function tooLarge(maxBytes: number): WismoError {
  return new WismoError('WEBHOOK_TOO_LARGE', `Body larger than ${maxBytes} bytes`)
}
