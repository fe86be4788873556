import { normalizeName } from './normalize.ts'

/** US states, DC and territories: postal code → name. */
const US_STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
}

/** Canadian provinces: postal abbreviation → [GeoNames admin1 code, name]. */
const CA_PROVINCES: Record<string, readonly [string, string]> = {
  AB: ['01', 'Alberta'],
  BC: ['02', 'British Columbia'],
  MB: ['03', 'Manitoba'],
  NB: ['04', 'New Brunswick'],
  NL: ['05', 'Newfoundland and Labrador'],
  NS: ['07', 'Nova Scotia'],
  ON: ['08', 'Ontario'],
  PE: ['09', 'Prince Edward Island'],
  QC: ['10', 'Quebec'],
  SK: ['11', 'Saskatchewan'],
  YT: ['12', 'Yukon'],
  NT: ['13', 'Northwest Territories'],
  NU: ['14', 'Nunavut'],
}

function byName<V>(table: Record<string, V>, name: (v: V) => string): Map<string, string> {
  const map = new Map<string, string>()
  for (const [code, value] of Object.entries(table)) {
    map.set(normalizeName(code), code)
    map.set(normalizeName(name(value)), code)
  }
  return map
}

const US_LOOKUP = byName(US_STATES, (n) => n)
const CA_LOOKUP = byName(CA_PROVINCES, ([, n]) => n)

/** A US state's postal code from its code or name (`"tn"`, `"Tennessee"`), else `undefined`. */
export function usState(region: string): string | undefined {
  return US_LOOKUP.get(normalizeName(region))
}

/**
 * The GeoNames admin1 code a region names in `country`, when we know how to translate it
 * (US states and Canadian provinces); `undefined` for other countries, whose carriers' region
 * codes do not line up with GeoNames' numbering.
 */
export function adminCode(country: string, region: string): string | undefined {
  if (country === 'US') return usState(region)
  if (country === 'CA') {
    const code = CA_LOOKUP.get(normalizeName(region))
    return code ? CA_PROVINCES[code]?.[0] : undefined
  }
  return undefined
}
