import { createHash, createHmac } from 'node:crypto'
import { timingSafeEqual } from '@wismo/core'
import type { SignatureMethod } from './options.ts'

/**
 * The string Vonage signs: every parameter but `sig`, names in code-unit order, each written
 * `&name=value` with `&` and `=` inside values replaced by `_`; values not URL-encoded.
 */
export function signedString(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sig')
    .sort()
    .map((k) => `&${k}=${(params[k] ?? '').replace(/[&=]/g, '_')}`)
    .join('')
}

/**
 * Vonage's SMS API `sig` (hex): MD5 of the string plus the secret (`md5hash`), or an HMAC keyed
 * by the secret (`md5`, `sha1`, `sha256`, `sha512`).
 * @example vonageSignature({ text: 'Hi', timestamp: '1385047698' }, secret, 'md5hash')
 */
export function vonageSignature(
  params: Readonly<Record<string, string>>,
  secret: string,
  method: SignatureMethod,
): string {
  const data = signedString(params)
  if (method === 'md5hash')
    return createHash('md5')
      .update(data + secret, 'utf8')
      .digest('hex')
  return createHmac(method, secret).update(data, 'utf8').digest('hex')
}

/** True when `params.sig` is Vonage's signature of `params`; case-insensitive, constant time. */
export function isValidVonageSignature(
  params: Readonly<Record<string, string>>,
  secret: string,
  method: SignatureMethod,
): boolean {
  const presented = params.sig
  if (!presented) return false
  const enc = new TextEncoder()
  const expected = vonageSignature(params, secret, method).toLowerCase()
  return timingSafeEqual(enc.encode(expected), enc.encode(presented.toLowerCase()))
}
