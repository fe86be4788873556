import { normalizeTrackingNumber } from '@wismo/core'
import type { Rng } from './rng.ts'

/**
 * Sandbox tracking numbers: `SBX`, ten digits, and a Luhn (mod 10) check digit, e.g.
 * `SBX48213079565`. No real carrier uses the `SBX` prefix, so detection is unambiguous.
 */
const PREFIX = 'SBX'
const BODY_DIGITS = 10
const SPACE = 10 ** BODY_DIGITS
const PATTERN = /^SBX(\d{10})(\d)$/

/**
 * Luhn check digit of a digit string (the digit to append).
 * @example luhnCheckDigit('7992739871') // 3
 */
export function luhnCheckDigit(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

/**
 * True for a well-formed sandbox number with a correct check digit (spaces, dashes, case ignored).
 * @example isSandboxTrackingNumber('SBX48213079565') // true
 */
export function isSandboxTrackingNumber(value: string): boolean {
  const m = PATTERN.exec(normalizeTrackingNumber(value))
  return m !== null && luhnCheckDigit(m[1] as string) === Number(m[2])
}

function format(body: number): string {
  const digits = String(body).padStart(BODY_DIGITS, '0')
  return `${PREFIX}${digits}${luhnCheckDigit(digits)}`
}

/**
 * A source of distinct tracking numbers in a scrambled but seed-determined order: an affine walk
 * over the 10^10 bodies with a step coprime to 10, so no number repeats before all are used.
 * @example const next = trackingNumbers(createRng(1)); next() // 'SBX…'
 */
export function trackingNumbers(rng: Rng): () => string {
  let current = rng.int(0, SPACE - 1)
  let step = rng.int(SPACE / 10, SPACE - 1)
  while (step % 2 === 0 || step % 5 === 0) step += 1
  return () => {
    current = (current + step) % SPACE
    return format(current)
  }
}
