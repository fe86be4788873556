import type { TrackingCourier, TrackingData } from 'ts-tracking-number'
import { getTracking } from 'ts-tracking-number'
import { carrierIdFor, S10_OPERATOR_IDS } from './courier-ids.ts'
import { type ChecksumData, type FormatData, type LookupData, TRACKING_DATA } from './tracking-data.ts'

/**
 * How a format match was established: `passed` = the number's check digit verified; `none` =
 * the format has no check digit (Amazon `TBA…`, DHL piece ids…), or one that ts-tracking-number
 * does not compute (Luhn, DPD's mod 37/36), so only its pattern matched.
 */
export type CheckDigit = 'passed' | 'none'

/** One tracking_number_data format that a number matches. */
export interface FormatMatch {
  /** Wismo carrier id. */
  carrier: string
  /** Name of the format (`UPS`, `FedEx Ground`, `S10 (Royal Mail)`…). */
  name: string
  checkDigit: CheckDigit
}

/**
 * Whether ts-tracking-number (1.0.17) computes this checksum as tracking_number_data defines it.
 * It implements mod10 (modulo 10, the data's evens/odds multipliers, counted from the left), mod7,
 * s10 (its own fixed weights 8 6 4 2 3 5 9 7, modulo 11) and
 * sum_product_with_weightings_and_modulo (the data's weightings, modulo1, modulo2). For any other
 * name (`luhn`, `mod_37_36`…) its validator accepts every number: a pattern match only. A mod10
 * `reverse` checksum counts weights from the right; counted from the left the weights are the same
 * when the serial has an odd length, so those matches are checked per number (see `verified`).
 */
function implemented(checksum: ChecksumData | undefined): boolean {
  switch (checksum?.name) {
    case 'mod10':
      return (checksum.modulo ?? 10) === 10
    case 'mod7':
      return (checksum.modulo ?? 7) === 7
    case 's10':
      return (
        (checksum.modulo ?? 11) === 11 &&
        (checksum.weightings ?? S10_WEIGHTS).every((w, i) => w === S10_WEIGHTS[i])
      )
    case 'sum_product_with_weightings_and_modulo':
      return Boolean(checksum.weightings && checksum.modulo1 && checksum.modulo2)
    default:
      return false
  }
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7]

const NO_TEST_NUMBERS = { valid: [], invalid: [] } as const

interface Format {
  courierCode: string
  data: FormatData
  regex: RegExp
  /** The courier cut down to this one format, as ts-tracking-number takes it (see FORMATS). */
  only: readonly TrackingCourier[]
  checksum: boolean
}

// tracking_number_data as ts-tracking-number's getTracking takes it (it does the regex, check
// digit and lookups); test numbers are not part of the generated data and not read by it.
// getTracking stops at a courier's first matching format and does not say which rule matched;
// handing it one format at a time yields every matching format, each with its own check digit.
const FORMATS: readonly Format[] = TRACKING_DATA.flatMap((courier) =>
  courier.tracking_numbers.map((data) => ({
    courierCode: courier.courier_code,
    data,
    regex: new RegExp(`\\b${data.regex}\\b`),
    only: [
      { name: courier.name, courier_code: courier.courier_code, tracking_numbers: [trackingData(data)] },
    ],
    checksum: implemented(data.validation.checksum),
  })),
)

function trackingData({ name, regex, validation, additional }: FormatData): TrackingData {
  return {
    name,
    regex,
    validation,
    test_numbers: NO_TEST_NUMBERS,
    ...(additional && {
      additional: additional.map((a) => ({ ...a, lookup: a.lookup.map(lookupOf) })),
    }),
  }
}

type Lookup = NonNullable<TrackingData['additional']>[number]['lookup'][number]

// ts-tracking-number's lookup types carry display fields it never reads (see the generator).
function lookupOf({ matches, matches_regex, courier }: LookupData): Lookup {
  if (matches_regex !== undefined) return { name: '', matches_regex }
  if (courier !== undefined)
    return { matches: matches ?? '', courier, country: '', courier_url: null, upu_reference_url: '' }
  return { name: '', matches: matches ?? '' }
}

/**
 * Every known format that `number` (normalized) matches, with whether a check digit verified it.
 * @example matchFormats('1Z5R89390357567127') // [{ carrier: 'ups', name: 'UPS', checkDigit: 'passed' }]
 */
export function matchFormats(number: string): FormatMatch[] {
  return FORMATS.flatMap((format) => {
    if (!getTracking(number, format.only)) return []
    const groups = format.regex.exec(number)?.groups ?? {}
    return [{ ...identify(format, groups), checkDigit: verified(format, groups) ? 'passed' : 'none' }]
  })
}

function verified({ checksum, data }: Format, groups: Record<string, string | undefined>): boolean {
  if (!checksum) return false
  if (!data.validation.checksum?.reverse) return true
  const serial = (groups.SerialNumber ?? '').replace(/\s/g, '')
  return serial.length % 2 === 1
}

function identify(
  { courierCode, data }: Format,
  groups: Record<string, string | undefined>,
): { carrier: string; name: string } {
  if (courierCode !== 's10') return { carrier: carrierIdFor(courierCode), name: data.name }
  // An S10 item belongs to the postal operator named by its last two letters.
  const country = groups.CountryCode?.replace(/\s/g, '') ?? ''
  const operator = data.additional
    ?.find((a) => a.regex_group_name === 'CountryCode')
    ?.lookup.find((l) => l.matches === country)?.courier
  return {
    carrier: S10_OPERATOR_IDS[country] ?? 's10',
    name: operator ? `${data.name} (${operator})` : data.name,
  }
}
