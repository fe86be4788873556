/**
 * Compare two byte arrays in time that depends only on `a.length`, never on where they differ.
 * Unlike Node's `crypto.timingSafeEqual` it does not throw on a length mismatch: it then compares
 * `a` with itself (same work) and returns false.
 * @example
 * timingSafeEqual(expectedMac, presentedMac) // true only for identical bytes
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const sameLength = a.length === b.length
  const other = sameLength ? b : a
  let diff = sameLength ? 0 : 1
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (other[i] ?? 0)
  return diff === 0
}
