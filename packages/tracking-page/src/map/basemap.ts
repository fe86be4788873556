import { toWismoError } from '@wismo/core'
import { geoBounds } from 'd3-geo'
import type {
  Feature,
  FeatureCollection,
  LineString,
  MultiLineString,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson'
import { feature, mesh } from 'topojson-client'
import { runtimeRequire } from './runtime-require.ts'

/** `110m` for wide views (a continent or more), `50m` when zoomed in to a region. */
export type BasemapScale = '110m' | '50m'

/** The part of the world a map shows: longitudes west → east (may wrap), latitudes south → north. */
export interface GeoView {
  west: number
  east: number
  south: number
  north: number
}

/** One land polygon or border line with its geographic bounds, to skip what lies off the map. */
interface Piece {
  readonly coordinates: Position[][] | Position[]
  readonly bounds: [[number, number], [number, number]]
}

interface Basemap {
  readonly land: readonly Piece[]
  readonly borders: readonly Piece[]
}

const loaded = new Map<BasemapScale, Basemap>()

/**
 * Natural Earth land and country borders at `scale` that may show in `view`: a cheap bounds test
 * first, so drawing a region does not project the whole world.
 */
export function basemapIn(
  scale: BasemapScale,
  view: GeoView,
): { land: MultiPolygon; borders: MultiLineString } {
  const map = basemap(scale)
  const keep = (piece: Piece) => overlaps(piece.bounds, view)
  return {
    land: {
      type: 'MultiPolygon',
      coordinates: map.land.filter(keep).map((p) => p.coordinates as Position[][]),
    },
    borders: {
      type: 'MultiLineString',
      coordinates: map.borders.filter(keep).map((p) => p.coordinates as Position[]),
    },
  }
}

/** Loads both scales now (tens of ms) rather than on the first map drawn. */
export function warmBasemaps(): void {
  basemap('50m')
  basemap('110m')
}

function basemap(scale: BasemapScale): Basemap {
  let map = loaded.get(scale)
  if (!map) {
    map = load(scale)
    loaded.set(scale, map)
  }
  return map
}

type Topology = Parameters<typeof mesh>[0]
type TopoObject = NonNullable<Parameters<typeof mesh>[1]>

function load(scale: BasemapScale): Basemap {
  // JSON through require: works the same under vitest and in the unbundled ESM build.
  const topology = requireJson<Topology>(`world-atlas/countries-${scale}.json`)
  const { land, countries } = topology.objects as Record<'land' | 'countries', TopoObject>
  const polygons = features(feature(topology, land)).flatMap(({ geometry: g }) =>
    g.type === 'MultiPolygon' ? g.coordinates : g.type === 'Polygon' ? [g.coordinates] : [],
  )
  const lines = mesh(topology, countries, (a, b) => a !== b).coordinates
  return {
    land: polygons.map((coordinates) => piece<Polygon>({ type: 'Polygon', coordinates })),
    borders: lines.map((coordinates) => piece<LineString>({ type: 'LineString', coordinates })),
  }
}

function requireJson<T>(id: string): T {
  try {
    return runtimeRequire()(id) as T
  } catch (e) {
    throw toWismoError(e, 'INTERNAL', `The tracking page could not load its map data (${id})`)
  }
}

function features(value: Feature | FeatureCollection): Feature[] {
  return value.type === 'FeatureCollection' ? value.features : [value]
}

function piece<G extends Polygon | LineString>(geometry: G): Piece {
  return { coordinates: geometry.coordinates, bounds: geoBounds(geometry) }
}

/** Longitude relative to the view's west edge, in [0, 360). */
function east(lon: number, from: number): number {
  return (((lon - from) % 360) + 360) % 360
}

function overlaps([[w, s], [e, n]]: [[number, number], [number, number]], view: GeoView): boolean {
  if (n < view.south || s > view.north) return false
  const span = view.east - view.west >= 360 ? 360 : east(view.east, view.west)
  // A piece's longitudes run from w eastwards to e; it overlaps when either end lies in the view
  // or the view lies inside it.
  const start = east(w, view.west)
  const length = e - w >= 360 ? 360 : east(e, w)
  return start <= span || start + length >= 360
}
