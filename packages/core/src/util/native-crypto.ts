/**
 * The runtime's own synchronous hashing, when it has one: Node's crypto module reached through
 * `process.getBuiltinModule` (Node 22.3+, also Bun and Deno), never imported, so bundles for edge
 * runtimes carry no `node:` import. Web Crypto hashes on a thread pool behind a promise, which
 * for the short inputs of a webhook (a body, a scan) costs more than the hash itself. Callers
 * fall back to Web Crypto when this is `null`, with the same results.
 */
interface NativeHash {
  update(data: Uint8Array | string): NativeHash
  digest(): Uint8Array
}

/** A key the runtime prepared once (Node's `KeyObject`), so each HMAC need not convert the bytes again. */
export type NativeKey = { readonly type: 'secret' }

export interface NativeCrypto {
  /**
   * One-shot hash to hex (Node 21.7+): no hash object per call, about a tenth of
   * `createHash().update().digest()`'s time on a scan's content. Absent on older runtimes.
   */
  hash?(algorithm: 'sha256', data: string, outputEncoding: 'hex'): string
  createHash(algorithm: 'sha256'): NativeHash
  createHmac(algorithm: 'sha1' | 'sha256' | 'sha512', key: Uint8Array | NativeKey): NativeHash
  createSecretKey(key: Uint8Array): NativeKey
}

type WithBuiltins = { process?: { getBuiltinModule?: (id: string) => unknown } }

function load(): NativeCrypto | null {
  try {
    const found = (globalThis as WithBuiltins).process?.getBuiltinModule?.('crypto') as
      | Partial<NativeCrypto>
      | undefined
    const complete = ['createHash', 'createHmac', 'createSecretKey'].every(
      (name) => typeof found?.[name as keyof NativeCrypto] === 'function',
    )
    return complete ? (found as NativeCrypto) : null
  } catch {
    return null
  }
}

/** Node's crypto, or `null` on runtimes without it (edge runtimes, browsers): use Web Crypto there. */
export const nativeCrypto: NativeCrypto | null = load()

/** A plain `Uint8Array` over the same bytes (Node hands out `Buffer`s). */
export const plainBytes = (b: Uint8Array): Uint8Array<ArrayBuffer> =>
  new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength)
