import { parseInput } from '@wismo/core'
import { escapeHtml } from '@wismo/core/html'
import { type GeoPermissibleObjects, geoPath } from 'd3-geo'
import type { LineString } from 'geojson'
import { z } from 'zod'
import { basemapIn, warmBasemaps } from './basemap.ts'
import type { GeoPoint } from './geocode.ts'
import { geocode, warmGeocoder } from './geocode.ts'
import { markers } from './markers.ts'
import { normalizeName } from './normalize.ts'
import { PathBuilder } from './path-builder.ts'
import { fitProjection } from './projection.ts'
import type { MapStop, PlacedStop, RouteMap, RouteMapOptions, StopKind } from './types.ts'

const RouteMapOptionsSchema = z.object({
  title: z.string(),
  idPrefix: z.string().regex(/^[A-Za-z][\w-]*$/, { message: 'expected letters, digits, "-" or "_"' }),
  kindNames: z.partialRecord(z.enum(['origin', 'scan', 'current', 'destination']), z.string()).optional(),
  width: z.number().positive().max(4000).optional(),
  height: z.number().positive().max(4000).optional(),
})

const DEFAULT_KIND_NAMES: Record<StopKind, string> = {
  origin: 'Origin',
  scan: 'Scan',
  current: 'Current position',
  destination: 'Destination',
}

/** When consecutive stops at one place merge, the marker shows the most telling kind. */
const KIND_RANK: Record<StopKind, number> = { scan: 0, origin: 1, destination: 2, current: 3 }

/** Land outlines: steps under this (pixels) are dropped; invisible at this size, and bytes saved. */
const LAND_MIN_STEP = 0.8

/**
 * Draws a parcel's route as a small, self-contained, accessible SVG: Natural Earth land and
 * borders, the path travelled (solid) and still ahead (dashed), and a marker per place. Stops are
 * placed with {@link geocode}; those it cannot place are returned in `unplaced`, never guessed.
 * Same input, same bytes. Colours come from CSS ({@link MAP_CSS}).
 *
 * @example
 * const { svg, unplaced } = routeMap(
 *   [
 *     { kind: 'origin', label: 'Boston, MA', location: { city: 'Boston', region: 'MA', country: 'US' } },
 *     { kind: 'current', label: 'Chicago, IL · Tue 14:03', location: { text: 'CHICAGO, IL, US' } },
 *     { kind: 'destination', label: 'Denver, CO', location: { postalCode: '80202', country: 'US' } },
 *   ],
 *   { title: 'Route of your parcel', idPrefix: 'map-1' },
 * )
 */
export function routeMap(stops: readonly MapStop[], options: RouteMapOptions): RouteMap {
  parseInput(RouteMapOptionsSchema, options, 'route map options')
  const unplaced: MapStop[] = []
  const located: PlacedStop[] = []
  for (const stop of stops) {
    const point = geocode(stop.location)
    if (point) located.push({ ...stop, point, x: 0, y: 0 })
    else unplaced.push(stop)
  }
  const merged = mergeRepeats(located)
  if (merged.length === 0) return { svg: null, placed: [], unplaced }
  return { ...draw(merged, options), unplaced }
}

function draw(stops: readonly PlacedStop[], options: RouteMapOptions): { svg: string; placed: PlacedStop[] } {
  const width = options.width ?? 640
  const height = options.height ?? 400
  const { projection, scale, view } = fitProjection(
    stops.map((s) => [s.point.lon, s.point.lat] as const),
    width,
    height,
  )
  const placed = stops.map((s) => {
    const [x, y] = projection([s.point.lon, s.point.lat]) ?? [0, 0]
    return { ...s, x, y }
  })
  const path = (geometry: GeoPermissibleObjects | null, minStep = 0) => {
    const builder = new PathBuilder(minStep)
    if (geometry) geoPath(projection, builder)(geometry)
    return builder.toString()
  }
  const basemap = basemapIn(scale, view)
  const [done, ahead] = routeLines(placed)
  const svg = frame(options, width, height, placed, [
    `<rect class="wm-map-water" width="${width}" height="${height}"/>`,
    pathElement('wm-map-land', path(basemap.land, LAND_MIN_STEP)),
    pathElement('wm-map-border', path(basemap.borders, LAND_MIN_STEP)),
    pathElement('wm-map-route', path(done)),
    pathElement('wm-map-route wm-map-route-ahead', path(ahead)),
    markers(placed),
  ])
  return { svg, placed }
}

/**
 * Loads everything {@link routeMap} needs (geocoding data and basemaps: 1–3 s, ~55 MB of heap)
 * now, so the first customer to open a tracking page does not wait for it.
 *
 * @example
 * warmRouteMap() // at server start, before listening
 */
export function warmRouteMap(): void {
  warmGeocoder()
  warmBasemaps()
}

/**
 * Places closer than this are one place on the map: a city's centre and one of its ZIP codes,
 * say, a few pixels apart at any zoom the map uses.
 */
const SAME_PLACE_KM = 15

/**
 * Consecutive stops at one place become one marker: the most telling kind, with the latest
 * scan's label (a destination reached keeps the label of the scan that reached it).
 */
function mergeRepeats(stops: readonly PlacedStop[]): PlacedStop[] {
  const out: PlacedStop[] = []
  for (const stop of stops) {
    const prev = out.at(-1)
    if (prev && samePlace(prev, stop)) {
      const kind = KIND_RANK[stop.kind] >= KIND_RANK[prev.kind] ? stop.kind : prev.kind
      out[out.length - 1] = { ...(stop.kind === 'destination' ? prev : stop), kind }
    } else out.push(stop)
  }
  return out
}

/** Within {@link SAME_PLACE_KM}, or the same city by name (its centre and an airport ZIP lie further apart). */
function samePlace(a: PlacedStop, b: PlacedStop): boolean {
  if (distanceKm(a.point, b.point) < SAME_PLACE_KM) return true
  const city = (s: PlacedStop) =>
    s.location.city
      ? `${normalizeName(s.location.city)}|${(s.location.country ?? '').slice(0, 2).toUpperCase()}`
      : null
  return city(a) !== null && city(a) === city(b)
}

/** Great-circle distance (haversine, mean Earth radius). */
function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * The travelled part (origin to the current position) and the part ahead (to the destination).
 * Without a `current` stop, the parcel is taken to be at the last stop before the destination.
 */
function routeLines(stops: readonly PlacedStop[]): [LineString | null, LineString | null] {
  let split = stops.findLastIndex((s) => s.kind === 'current')
  if (split < 0) split = stops.at(-1)?.kind === 'destination' ? stops.length - 2 : stops.length - 1
  const line = (part: readonly PlacedStop[]): LineString | null =>
    part.length < 2 ? null : { type: 'LineString', coordinates: part.map((s) => [s.point.lon, s.point.lat]) }
  return [line(stops.slice(0, split + 1)), line(stops.slice(Math.max(split, 0)))]
}

function pathElement(className: string, d: string): string {
  return d ? `<path class="${className}" d="${d}"/>` : ''
}

function frame(
  options: RouteMapOptions,
  width: number,
  height: number,
  placed: readonly PlacedStop[],
  body: readonly string[],
): string {
  const id = options.idPrefix
  const names = { ...DEFAULT_KIND_NAMES, ...options.kindNames }
  const desc = placed.map((s) => `${names[s.kind]}: ${s.label}`).join('; ')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="wm-map" viewBox="0 0 ${width} ${height}" width="100%" ` +
    `preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeHtml(options.title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>` +
    `${body.join('')}</svg>`
  )
}
