/**
 * UPS's own package numbers: `1Z` + shipper (6) + service (2) + package (7) + a mod-10 check
 * digit. Other UPS formats (Mail Innovations, waybills, InfoNotice) score 0 here and are left to
 * core's `detectCarrier`, which knows them from tracking_number_data.
 */

const ONE_Z = /^1Z[0-9A-Z]{15}[0-9]$/

/** Value of one character in the check-digit sum: digits as is, letters `(code - 63) mod 10` (A = 2). */
const charValue = (c: string): number => (/\d/.test(c) ? Number(c) : (c.charCodeAt(0) - 63) % 10)

/**
 * The check digit of a `1Z` number: characters 3–17, every second one doubled, mod 10.
 * @example upsCheckDigit('1Z999AA10123456784') // 4
 */
export function upsCheckDigit(number: string): number {
  let sum = 0
  for (const [i, c] of [...number.slice(2, 17)].entries()) sum += charValue(c) * (i % 2 === 1 ? 2 : 1)
  return (10 - (sum % 10)) % 10
}

/**
 * Whether `number` (already normalized) is a `1Z` number with a valid check digit.
 * @example isUpsTrackingNumber('1Z999AA10123456784') // true
 */
export function isUpsTrackingNumber(number: string): boolean {
  return ONE_Z.test(number) && upsCheckDigit(number) === Number(number[17])
}

/**
 * Confidence that a number is a UPS package number: 0.95 for a check-digit-valid `1Z`, 0.4 for
 * the `1Z` shape with a wrong check digit (a typo is likelier than another carrier), else 0.
 * @example detectUps('1Z 999 AA1 0123 4567 84') // 0.95
 */
export function detectUps(trackingNumber: string): number {
  const n = trackingNumber.replace(/[\s-]/g, '').toUpperCase()
  if (!ONE_Z.test(n)) return 0
  return isUpsTrackingNumber(n) ? 0.95 : 0.4
}
