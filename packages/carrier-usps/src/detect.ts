/**
 * USPS's own tracking-number formats, checked compactly so `detect` can speak with more
 * certainty than core's pattern table where formats collide (IMpb numbers also match FedEx
 * SmartPost there, which splits core's confidence).
 */

/** IMpb mod 10: from the rightmost data digit leftwards, weights 3, 1, 3, … */
function mod10Valid(digits: string): boolean {
  let sum = 0
  for (let i = digits.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += Number(digits[i]) * w
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1))
}

/** S10 (UPU) check digit: weights 8 6 4 2 3 5 9 7, mod 11. */
function s10Valid(serial: string): boolean {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7]
  const sum = weights.reduce((acc, w, i) => acc + w * Number(serial[i]), 0)
  const check = 11 - (sum % 11)
  return (check === 10 ? 0 : check === 11 ? 5 : check) === Number(serial[8])
}

/** The serial part of an IMpb barcode: without the `420` + ZIP (5 or 9 digits) routing prefix. */
function serials(n: string): string[] {
  if (!n.startsWith('420')) return [n]
  return [n, n.slice(8), n.slice(12)].filter((s) => s.length >= 20)
}

const IMPB = /^9[2-5]\d{20}$|^9[2-5]\d{24}$/
const LEGACY_20 = /^\d{20}$/
const S10_US = /^[A-Z]{2}(\d{9})US$/

/**
 * How sure we are that `number` (already normalized) is a USPS number: 0.95 for an IMpb barcode
 * (22 or 26 digits starting 92–95, optionally behind `420`+ZIP) with a valid check digit, 0.9 for
 * a USPS-issued international S10 number (`EE123456785US`), 0.6 for a valid legacy 20-digit
 * number (other carriers use 20 digits too), 0 otherwise.
 * @example detectUsps('9400111206206406260787') // 0.95
 */
export function detectUsps(number: string): number {
  if (number.length > 40) return 0
  const s10 = S10_US.exec(number)
  if (s10) return s10Valid(s10[1] as string) ? 0.9 : 0
  for (const serial of serials(number)) {
    if (IMPB.test(serial) && mod10Valid(serial)) return 0.95
    if (serial.startsWith('91') && serial.length === 22 && mod10Valid(serial)) return 0.95
    if (LEGACY_20.test(serial) && mod10Valid(`91${serial}`)) return 0.6
  }
  return 0
}
