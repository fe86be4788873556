import type { TrackingCourier, TrackingData } from 'ts-tracking-number'
import { allCouriers, getTracking } from 'ts-tracking-number'
import { carrierIdFor, S10_OPERATOR_IDS } from './courier-ids.ts'

/**
 * How a format match was established: `passed` = the number's check digit verified; `none` =
 * the format has no check digit (Amazon `TBA…`, DHL piece ids…), so only its pattern matched.
 */
export type CheckDigit = 'passed' | 'none'

/** One tracking_number_data format that a number matches. */
export interface FormatMatch {
  /** Wismo carrier id. */
  carrier: string
  /** Name of the format (`UPS`, `FedEx SmartPost`, `S10 (Royal Mail)`…). */
  name: string
  checkDigit: CheckDigit
}

// The check digit algorithms ts-tracking-number implements. For any other checksum name its
// validator accepts every number, so a match of such a format is a pattern match only.
const VERIFIED_CHECKSUMS = new Set(['mod10', 'mod7', 's10', 'sum_product_with_weightings_and_modulo'])

interface Format {
  courier: TrackingCourier
  data: TrackingData
  /** The courier cut down to this one format (see FORMATS). */
  only: readonly TrackingCourier[]
  checkDigit: CheckDigit
}

// getTracking stops at a courier's first matching format and does not say which rule matched;
// handing it one format at a time yields every matching format, each with its own check digit.
const FORMATS: readonly Format[] = allCouriers.flatMap((courier) =>
  courier.tracking_numbers.map((data) => ({
    courier,
    data,
    only: [{ ...courier, tracking_numbers: [data] }],
    checkDigit: VERIFIED_CHECKSUMS.has(data.validation.checksum?.name ?? '') ? 'passed' : 'none',
  })),
)

/**
 * Every known format that `number` (normalized) matches, with whether a check digit verified it.
 * @example matchFormats('1Z5R89390357567127') // [{ carrier: 'ups', name: 'UPS', checkDigit: 'passed' }]
 */
export function matchFormats(number: string): FormatMatch[] {
  return FORMATS.flatMap((format) =>
    getTracking(number, format.only) ? [{ ...identify(format, number), checkDigit: format.checkDigit }] : [],
  )
}

function identify({ courier, data }: Format, number: string): { carrier: string; name: string } {
  if (courier.courier_code !== 's10') return { carrier: carrierIdFor(courier.courier_code), name: data.name }
  // An S10 item belongs to the postal operator named by its last two letters.
  const country = new RegExp(joinRegex(data.regex)).exec(number)?.groups?.CountryCode ?? ''
  const operator = data.additional
    ?.find((a) => a.regex_group_name === 'CountryCode')
    ?.lookup.find((l) => 'courier' in l && l.matches === country)
  return {
    carrier: S10_OPERATOR_IDS[country] ?? 's10',
    name: operator && 'courier' in operator ? `${data.name} (${operator.courier})` : data.name,
  }
}

function joinRegex(regex: string | readonly string[]): string {
  return typeof regex === 'string' ? regex : regex.join('')
}
