import type { Location } from '@wismo/core'
import { countryCode } from './countries.ts'
import { usState } from './regions.ts'

/** What a scan says about where it happened, read from its fields and its free-text line. */
export interface PlaceQuery {
  city?: string
  region?: string
  postalCode?: string
  /** ISO 3166-1 alpha-2, when the scan names a country we recognise. */
  country?: string
  /** The scan names a country we do not recognise: it cannot be placed without guessing. */
  unknownCountry?: true
}

const ZIP_IN_TEXT = /^(?:([A-Za-z]{2})\s+)?(\d{5}(?:-\d{4})?)$/

/**
 * The scan's place as a query: its own fields first, gaps filled from `text`
 * (`"MEMPHIS, TN, US"`, `"Memphis, TN 38118"`, `"Leipzig Hub"`).
 */
export function placeQuery(location: Location): PlaceQuery {
  const city = location.city?.trim()
  const country = location.country ? countryCode(location.country) : undefined
  const own: PlaceQuery = {
    // A city field holding a whole line (`"Memphis, TN"`) is read like the text line.
    ...(city?.includes(',') ? parseText(city) : city ? { city } : {}),
    ...(location.region?.trim() ? { region: location.region.trim() } : {}),
    ...(location.postalCode?.trim() ? { postalCode: location.postalCode.trim() } : {}),
    ...(country ? { country } : {}),
    ...(location.country?.trim() && !country ? { unknownCountry: true as const } : {}),
  }
  return { ...(location.text ? parseText(location.text) : {}), ...own }
}

/**
 * Reads `City[, Region[ ZIP]][, Country]`. With three parts the last is the country; with two,
 * a US state code (`TN`) is read as a region before it is read as a country (Tunisia), since
 * carriers print `CITY, ST` far more often than `CITY, CC`.
 */
function parseText(text: string): PlaceQuery {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  const query: PlaceQuery = {}
  const last = parts.at(-1)
  if (parts.length >= 3 || (parts.length === 2 && last && !isRegionish(last))) {
    const country = last ? countryCode(last) : undefined
    if (country) {
      query.country = country
      parts.pop()
    }
  }
  if (parts.length >= 2) readRegion(parts.pop() ?? '', query)
  if (parts[0]) query.city = parts[0]
  return query
}

function isRegionish(part: string): boolean {
  const m = ZIP_IN_TEXT.exec(part)
  return Boolean(usState(m ? (m[1] ?? '') : part) || m)
}

function readRegion(part: string, query: PlaceQuery): void {
  const m = ZIP_IN_TEXT.exec(part)
  if (m) {
    if (m[1]) query.region = m[1]
    query.postalCode = m[2]
  } else query.region = part
}
