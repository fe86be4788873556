import type { Location } from '@wismo/core'
import { type GazetteerCity, gazetteer } from './gazetteer.ts'
import { normalizeName } from './normalize.ts'
import { type PlaceQuery, placeQuery } from './query.ts'
import { adminCode, usState } from './regions.ts'

/** Where a scan happened, and how precisely we know it. */
export interface GeoPoint {
  readonly lat: number
  readonly lon: number
  /** `postal`: a postal-code centroid; `city`: a city's centre. */
  readonly precision: 'postal' | 'city'
}

/** Words carriers add to a place that are not part of the city's name (`"Leipzig Hub"`). */
const FACILITY_WORDS = new Set(
  (
    'hub gateway facility sort sorting center centre depot terminal station airport intl international ' +
    'distribution processing warehouse ramp dc delivery network regional local post office logistics'
  ).split(' '),
)

/** A second city of the same name this share of the first's population makes a bare name ambiguous. */
const AMBIGUOUS_SHARE = 0.1

const CACHE_LIMIT = 2000
const cache = new Map<string, GeoPoint | null>()

/**
 * Places a scan on the map from offline data (GeoNames cities, US ZIP centroids), or returns
 * `null` when it cannot be placed with confidence: an unknown city, a city not in the given
 * country or state, or a bare name several large cities share. It never falls back to a
 * country's centre. The first call loads the data (see {@link warmGeocoder}).
 *
 * @example
 * geocode({ city: 'MEMPHIS', region: 'TN', country: 'US' }) // { lat: 35.15, lon: -90.05, precision: 'city' }
 * geocode({ text: 'Springfield' }) // null: Missouri, Massachusetts, Illinois…
 */
export function geocode(location: Location): GeoPoint | null {
  const key = JSON.stringify([
    location.city,
    location.region,
    location.postalCode,
    location.country,
    location.text,
  ])
  const hit = cache.get(key)
  if (hit !== undefined) {
    cache.delete(key)
    cache.set(key, hit)
    return hit
  }
  // Frozen: the same object is handed out again from the cache.
  const found = locate(placeQuery(location))
  const point = found && Object.freeze(found)
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '')
  cache.set(key, point)
  return point
}

/**
 * Loads and indexes the geocoding data now rather than on the first page that shows a map
 * (1–2 s of CPU and ~40 MB of heap; see DATA.md).
 *
 * @example
 * warmGeocoder() // at server start
 */
export function warmGeocoder(): void {
  gazetteer.cities('')
  gazetteer.postal('')
}

function locate(query: PlaceQuery): GeoPoint | null {
  if (query.unknownCountry) return null
  return byPostalCode(query) ?? byCity(query)
}

function byPostalCode({ postalCode, country, region }: PlaceQuery): GeoPoint | null {
  if (!postalCode) return null
  const us = country === 'US' || (!country && region !== undefined && usState(region) !== undefined)
  const zip = us ? /^(\d{5})(?:-?\d{4})?$/.exec(postalCode.trim())?.[1] : undefined
  const point = zip ? gazetteer.postal(zip) : undefined
  return point ? { lat: point.lat, lon: point.lon, precision: 'postal' } : null
}

function byCity(query: PlaceQuery): GeoPoint | null {
  if (!query.city) return null
  const candidates = pickCandidates(query, cityCandidates(query.city))
  const [best, second] = candidates
  if (!best) return null
  const narrowed = query.country !== undefined
  if (!narrowed && second && second.population > best.population * AMBIGUOUS_SHARE) return null
  return { lat: round(best.lat), lon: round(best.lon), precision: 'city' }
}

/** Places with the city's name; failing that, with the carrier's facility words taken out. */
function cityCandidates(city: string): GazetteerCity[] {
  const name = normalizeName(city)
  const found = gazetteer.cities(name)
  if (found.length > 0) return found
  const bare = name
    .split(' ')
    .filter((w) => !FACILITY_WORDS.has(w))
    .join(' ')
  return bare && bare !== name ? gazetteer.cities(bare) : []
}

/**
 * Narrows by country (required match), then by region: a US state or Canadian province must
 * match when given; elsewhere a matching admin code only breaks ties. Most populous first.
 */
function pickCandidates(query: PlaceQuery, all: GazetteerCity[]): GazetteerCity[] {
  const { country, region } = query
  const inCountry = country ? all.filter((c) => c.country === country) : all
  if (!region) return inCountry
  const strict = country === 'US' || country === 'CA'
  const sameRegion = inCountry.filter((c) => regionMatches(c, region))
  if (sameRegion.length > 0 || strict) return sameRegion
  return inCountry
}

function regionMatches(city: GazetteerCity, region: string): boolean {
  const code = adminCode(city.country, region)
  return code !== undefined ? city.admin === code : city.admin === region.toUpperCase()
}

/** Five decimals (about a metre): keeps float32 noise out of the output. */
function round(value: number): number {
  return Math.round(value * 1e5) / 1e5
}
