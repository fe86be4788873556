/**
 * FedEx's own tracking-number formats with their check digits (rules from
 * jkeen/tracking_number_data `couriers/fedex.json`, MIT). Only formats with a check digit are
 * listed, so a random 12-digit order number scores 0 nine times in ten.
 */

type Check = (digits: string) => boolean

const digitsOf = (s: string) => Array.from(s, Number)

/** Σ digit × weight (weights from the left), mod `m1`, mod 10, compared with the last digit. */
const weighted =
  (weights: readonly number[], m1: number): Check =>
  (serialAndCheck) => {
    const all = digitsOf(serialAndCheck)
    const check = all.pop()
    const sum = all.reduce((acc, d, i) => acc + d * (weights[i] ?? 0), 0)
    return (sum % m1) % 10 === check
  }

/** GS1-style mod 10: even positions (from 0) × `even`, odd × `odd`; check = (10 − sum mod 10) mod 10. */
const mod10 =
  (even: number, odd: number): Check =>
  (serialAndCheck) => {
    const all = digitsOf(serialAndCheck)
    const check = all.pop()
    const sum = all.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? even : odd), 0)
    return (10 - (sum % 10)) % 10 === check
  }

const EXPRESS_WEIGHTS = [3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1]
const LONG_WEIGHTS = [1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1]

interface Format {
  name: string
  pattern: RegExp
  /** The serial number and its check digit, cut out of the whole number. */
  checked: (n: string) => string
  check: Check
  confidence: number
}

/**
 * FedEx formats, most specific first. SSCC-18 is shared with other carriers, hence lower.
 * @example FEDEX_FORMATS.find((f) => f.pattern.test('986578788855'))?.name // 'FedEx Express (12)'
 */
export const FEDEX_FORMATS: readonly Format[] = [
  {
    name: 'FedEx Express (12)',
    pattern: /^\d{12}$/,
    checked: (n) => n,
    check: weighted(EXPRESS_WEIGHTS, 11),
    confidence: 0.95,
  },
  { name: 'FedEx Ground (15)', pattern: /^\d{15}$/, checked: (n) => n, check: mod10(1, 3), confidence: 0.9 },
  {
    name: 'FedEx Ground 96 (22)',
    pattern: /^96\d{20}$/,
    checked: (n) => n.slice(7),
    check: mod10(1, 3),
    confidence: 0.9,
  },
  {
    name: 'FedEx Ground GSN (34)',
    pattern: /^96\d{32}$/,
    checked: (n) => n.slice(20),
    check: weighted(LONG_WEIGHTS, 11),
    confidence: 0.9,
  },
  {
    name: 'FedEx Express (34)',
    pattern: /^[0-8]\d{33}$/,
    checked: (n) => n.slice(20),
    check: weighted(LONG_WEIGHTS, 11),
    confidence: 0.9,
  },
  {
    name: 'FedEx ASTRA (32)',
    pattern: /^3\d{31}$/,
    checked: (n) => n.slice(16, 28),
    check: weighted(EXPRESS_WEIGHTS, 11),
    confidence: 0.9,
  },
  {
    name: 'FedEx Ground (SSCC-18)',
    pattern: /^\d{18}$/,
    checked: (n) => n.slice(2),
    check: mod10(3, 1),
    confidence: 0.5,
  },
]

/**
 * How sure we are that an already normalized number (letters and digits) is FedEx's: the
 * confidence of the first format whose pattern and check digit match, else 0.
 * @example fedexConfidence('986578788855') // 0.95
 */
export function fedexConfidence(trackingNumber: string): number {
  if (trackingNumber.length > 40) return 0
  const format = FEDEX_FORMATS.find(
    (f) => f.pattern.test(trackingNumber) && f.check(f.checked(trackingNumber)),
  )
  return format?.confidence ?? 0
}
