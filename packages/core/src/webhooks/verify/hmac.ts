/**
 * HMAC through Web Crypto (`globalThis.crypto.subtle`), available on Node, Bun, Deno and edge
 * runtimes alike; where the runtime hashes synchronously (`util/native-crypto.ts`) through that,
 * with the same bytes and no thread-pool round trip per request.
 */
import { toWismoError } from '../../errors.ts'
import { boundedCache } from '../../util/bounded-cache.ts'
import { type NativeCrypto, type NativeKey, nativeCrypto, plainBytes } from '../../util/native-crypto.ts'
import { configInvalid } from './checks.ts'
import { encodeBytes, readBytes, toBytes } from './encoding.ts'
import type { BytesLike, HmacAlgorithm, SignatureEncoding } from './types.ts'

/**
 * Raw HMAC bytes of `message` under `key`.
 * @example const mac = await hmacBytes(toBytes('key'), toBytes('message'), 'SHA-256')
 */
export async function hmacBytes(
  key: BytesLike,
  message: BytesLike,
  algorithm: HmacAlgorithm,
): Promise<Uint8Array> {
  if (key.length === 0) throw configInvalid('an HMAC key must not be empty')
  try {
    if (nativeCrypto) {
      const mac = nativeCrypto.createHmac(NATIVE_NAMES[algorithm], nativeKey(nativeCrypto, key))
      return plainBytes(mac.update(readBytes(message)).digest())
    }
    const cryptoKey = await importedKey(toBytes(key), algorithm)
    return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, readBytes(message)))
  } catch (e) {
    throw toWismoError(e, 'INTERNAL', 'Web Crypto HMAC failed')
  }
}

const NATIVE_NAMES = { 'SHA-256': 'sha256', 'SHA-1': 'sha1', 'SHA-512': 'sha512' } as const

/**
 * Imported keys by algorithm and key bytes: a webhook route signs with the same one or two
 * secrets on every request, and importing costs as much as signing. Bounded: emptied when full
 * (a host that verifies with many secrets, such as per-tenant ones, just imports more often).
 */
const IMPORTED_KEYS_MAX = 256
const importedKeys = boundedCache<Promise<CryptoKey>>(IMPORTED_KEYS_MAX)

/** Prepared native keys by key text (`s:` + text, or `b:` + the bytes' base64), bounded like {@link importedKeys}. */
const nativeKeys = boundedCache<NativeKey>(IMPORTED_KEYS_MAX)

const nativeKey = (native: NativeCrypto, key: BytesLike): NativeKey =>
  nativeKeys.get(typeof key === 'string' ? `s:${key}` : `b:${encodeBytes(key, 'base64')}`, () =>
    native.createSecretKey(toBytes(key)),
  )

function importedKey(keyBytes: Uint8Array<ArrayBuffer>, algorithm: HmacAlgorithm): Promise<CryptoKey> {
  const id = `${algorithm}:${encodeBytes(keyBytes, 'base64')}`
  return importedKeys.get(id, () => {
    const imported = globalThis.crypto.subtle.importKey(
      'raw',
      keyBytes,
      { name: 'HMAC', hash: algorithm },
      false,
      ['sign'],
    )
    // A failed import is not remembered: the next call tries again and reports its own error.
    imported.catch(() => importedKeys.delete(id))
    return imported
  })
}

/**
 * Input of {@link hmacSignature}.
 * @example const input: HmacSignatureInput = { secret: 'shh', body, encoding: 'hex' }
 */
export interface HmacSignatureInput {
  /** The shared secret; text is used as its UTF-8 bytes. */
  secret: BytesLike
  /** The exact bytes to sign (text is signed as UTF-8). */
  body: BytesLike
  algorithm?: HmacAlgorithm
  encoding: SignatureEncoding
}

/**
 * The HMAC of `body`, encoded as text: what a provider puts in its signature header.
 * @example
 * const sig = await hmacSignature({ secret: 'shh', body: '{"a":1}', algorithm: 'SHA-256', encoding: 'base64' })
 * // AfterShip: headers.set('aftership-hmac-sha256', sig)
 */
export async function hmacSignature(input: HmacSignatureInput): Promise<string> {
  const mac = await hmacBytes(input.secret, input.body, input.algorithm ?? 'SHA-256')
  return encodeBytes(mac, input.encoding)
}
