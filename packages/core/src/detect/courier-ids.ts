/**
 * Wismo carrier ids for the `courier_code` values of tracking_number_data (see tracking-data.ts).
 * A code missing here maps to itself in kebab-case (`canada_post` → `canada-post`), so a newer
 * data set yields predictable ids rather than none.
 */
export const COURIER_IDS: Readonly<Record<string, string>> = {
  amazon: 'amazon',
  canada_post: 'canada-post',
  canpar: 'canpar',
  dhl: 'dhl',
  dpd: 'dpd',
  fedex: 'fedex',
  gofo: 'gofo',
  landmark: 'landmark',
  lasership: 'lasership',
  old_dominion: 'old-dominion',
  ontrac: 'ontrac',
  purolator: 'purolator',
  s10: 's10',
  speedee: 'spee-dee',
  ups: 'ups',
  usps: 'usps',
  yodel: 'yodel',
  yunexpress: 'yunexpress',
}

/**
 * S10 (UPU) postal items whose issuing operator has a Wismo carrier, by the number's last two
 * letters (`RB123456785US`). Other countries' items stay `s10`: no first-party adapter tracks
 * them, but a host may register an adapter (an aggregator, say) under that id.
 */
export const S10_OPERATOR_IDS: Readonly<Record<string, string>> = {
  US: 'usps',
}

/** The Wismo id for a tracking_number_data courier code. */
export function carrierIdFor(courierCode: string): string {
  return COURIER_IDS[courierCode] ?? courierCode.replaceAll('_', '-').toLowerCase()
}
