import { normalizeTrackingNumber } from '@wismo/core'

/**
 * DHL's own number formats, most specific first, with how sure a match makes us. Compact on
 * purpose: core's `detectCarrier` already runs tracking_number_data's DHL patterns; this ranks the
 * adapter itself when a host registers a number without naming the carrier.
 */
const FORMATS: ReadonlyArray<{ name: string; confidence: number; matches: (n: string) => boolean }> = [
  // Express piece ids (licence plates): JD/JJD/JVGL… followed by digits.
  { name: 'express-piece', confidence: 0.9, matches: (n) => /^J[A-Z]{1,3}\d{9,20}$/.test(n) },
  // Express waybill: 10 (rarely 11) digits, the last one the rest modulo 7.
  { name: 'express-waybill', confidence: 0.8, matches: (n) => /^\d{10,11}$/.test(n) && mod7(n) },
  // eCommerce: GM/LX/RX… + 10 to 39 letters or digits (at least one digit).
  {
    name: 'ecommerce',
    confidence: 0.7,
    matches: (n) => /^(?:GM|LX|RX|UV|CN|SG|TH|IN|HK|MY)[0-9A-Z]{10,39}$/.test(n) && /\d/.test(n.slice(2)),
  },
  // Paket (parcel-de) piece codes: 20-digit SSCC "00…" with a GS1 check digit. SSCC is a GS1
  // standard others use too, hence the lower score.
  { name: 'parcel-de-sscc', confidence: 0.6, matches: (n) => /^00\d{18}$/.test(n) && gs1(n) },
]

/**
 * How sure we are that `number` is a DHL number, 0..1 (0 = not a DHL format).
 * @example detectDhl('7777777770') // 0.8 (express waybill, check digit valid)
 * @example detectDhl('1Z999AA10123456784') // 0
 */
export function detectDhl(number: string): number {
  const n = normalizeTrackingNumber(number)
  if (n.length === 0 || n.length > 60) return 0
  return FORMATS.find((f) => f.matches(n))?.confidence ?? 0
}

function mod7(n: string): boolean {
  return Number(n.slice(0, -1)) % 7 === Number(n.slice(-1))
}

function gs1(n: string): boolean {
  const digits = [...n.slice(0, -1)].map(Number).reverse()
  const sum = digits.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0)
  return (10 - (sum % 10)) % 10 === Number(n.slice(-1))
}
