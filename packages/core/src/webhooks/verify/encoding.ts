/**
 * Byte/text conversions using only Web APIs (no `Buffer`), so verification runs on edge runtimes.
 * Decoders return `null` on malformed input instead of throwing: a garbled signature header is
 * an invalid signature, not a crash.
 */
import type { BytesLike, SignatureEncoding } from './types.ts'

const encoder = new TextEncoder()
const HEX = /^(?:[0-9a-fA-F]{2})*$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * UTF-8 bytes of `value`, or a copy of `value` when it already is bytes.
 * @example toBytes('é') // Uint8Array [0xc3, 0xa9]
 */
export function toBytes(value: BytesLike): Uint8Array<ArrayBuffer> {
  return typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value)
}

/**
 * UTF-8 bytes of `value`, or `value` itself when it already is bytes over an `ArrayBuffer`: for
 * reading only (hashing, signing), where {@link toBytes}' copy would be wasted.
 * @example const mac = native.createHmac('sha256', key).update(readBytes(body)).digest()
 */
export function readBytes(value: BytesLike): Uint8Array<ArrayBuffer> {
  if (typeof value === 'string') return encoder.encode(value)
  return value.buffer instanceof ArrayBuffer ? (value as Uint8Array<ArrayBuffer>) : new Uint8Array(value)
}

/**
 * Concatenate byte arrays into one fresh buffer.
 * @example concatBytes(toBytes(`${t}.`), body)
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/**
 * Lowercase hex of `bytes`.
 * @example toHex(Uint8Array.of(0xab, 1)) // 'ab01'
 */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}

/**
 * Bytes of a hex string (either case); `null` when it is not whole-byte hex.
 * @example fromHex('AB01') // Uint8Array [0xab, 1]
 */
export function fromHex(text: string): Uint8Array | null {
  if (!HEX.test(text)) return null
  const out = new Uint8Array(text.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16)
  return out
}

/**
 * Standard base64 (with padding) of `bytes`.
 * @example toBase64(toBytes('a')) // 'YQ=='
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}

/** Bytes per `String.fromCharCode` call: well under any engine's argument limit. */
const CHUNK = 4096

/**
 * Bytes of standard base64, padding optional; `null` when malformed.
 * @example fromBase64('YQ') // Uint8Array [0x61]
 */
export function fromBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null
  const bare = text.replace(/=+$/, '')
  if (bare.length % 4 === 1) return null
  if (text.length !== bare.length && text.length % 4 !== 0) return null
  try {
    const binary = atob(bare.padEnd(Math.ceil(bare.length / 4) * 4, '='))
    const out = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
    return out
  } catch {
    return null
  }
}

/**
 * Encode `bytes` as `encoding`.
 * @example encodeBytes(mac, 'base64')
 */
export function encodeBytes(bytes: Uint8Array, encoding: SignatureEncoding): string {
  return encoding === 'hex' ? toHex(bytes) : toBase64(bytes)
}

/**
 * Decode `text` written as `encoding`; `null` when malformed.
 * @example decodeText(headerValue, 'hex')
 */
export function decodeText(text: string, encoding: SignatureEncoding): Uint8Array | null {
  return encoding === 'hex' ? fromHex(text) : fromBase64(text)
}
