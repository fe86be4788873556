/**
 * Aggregators name the carrier that moves a parcel in their own words (EasyPost `UPS`, `FedEx`,
 * `DHLExpress`; Shippo tokens `dhl_express`; AfterShip slugs `fedex`, `dhl`). This table turns
 * them into Wismo carrier ids, for `TrackingUpdate.trackingCarrier`. Data, not code: extend it.
 */
export const VENDOR_CARRIER_NAMES: Readonly<Record<string, string>> = {
  ups: 'ups',
  upsmailinnovations: 'ups',
  fedex: 'fedex',
  fedexsmartpost: 'fedex',
  fedexground: 'fedex',
  fedexfreight: 'fedex',
  usps: 'usps',
  dhl: 'dhl',
  dhlexpress: 'dhl',
  dhlecommerce: 'dhl',
  dhlecs: 'dhl',
  dhlglobalmail: 'dhl',
  dhlparcel: 'dhl',
  dhlde: 'dhl',
  dhlgermany: 'dhl',
}

/**
 * The Wismo carrier id for an aggregator's name of a carrier, or `null` when the table has none.
 * Case, spaces, dashes and underscores are ignored.
 * @example wismoCarrierId('DHLExpress') // 'dhl'
 * @example wismoCarrierId('dhl_express') // 'dhl'
 */
export function wismoCarrierId(vendorName: string | null | undefined): string | null {
  if (!vendorName) return null
  return VENDOR_CARRIER_NAMES[vendorName.toLowerCase().replace(/[\s_-]+/g, '')] ?? null
}
