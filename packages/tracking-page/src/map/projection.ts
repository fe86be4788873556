import { type GeoProjection, geoCircle, geoMercator } from 'd3-geo'
import type { Feature, FeatureCollection } from 'geojson'
import type { BasemapScale, GeoView } from './basemap.ts'

/** Radius of the area kept around every stop, in degrees (~300 km): one stop shows ~600 km. */
const STOP_MARGIN_DEG = 2.7
/** Padding inside the frame, as a share of its width. */
const PADDING = 0.06
/** Wider views than this (radians of longitude across) use the coarser 1:110m basemap. */
const COARSE_ABOVE_RAD = 1.3

/**
 * A Mercator projection centred on the stops' longitudes (so a route over the Pacific is not
 * cut at the antimeridian) and fitted to them, each with a margin, inside `width × height`.
 */
export function fitProjection(points: readonly (readonly [number, number])[], width: number, height: number) {
  const pad = Math.round(width * PADDING)
  const projection = geoMercator()
    .rotate([-centralLongitude(points.map(([lon]) => lon)), 0])
    .fitExtent(
      [
        [pad, pad],
        [width - pad, height - pad],
      ],
      fitTarget(points),
    )
    .clipExtent([
      [0, 0],
      [width, height],
    ])
  return { projection, scale: basemapScale(projection, width), view: viewOf(projection, width, height) }
}

/** The longitudes and latitudes the frame shows, a degree wider each way. */
function viewOf(projection: GeoProjection, width: number, height: number): GeoView {
  const [west, north] = projection.invert?.([0, 0]) ?? [-180, 90]
  const [east, south] = projection.invert?.([width, height]) ?? [180, -90]
  const wide = width / projection.scale() >= 2 * Math.PI - 0.1
  return wide
    ? { west: -180, east: 180, south: south - 1, north: north + 1 }
    : { west: west - 1, east: east + 1, south: south - 1, north: north + 1 }
}

function fitTarget(points: readonly (readonly [number, number])[]): FeatureCollection {
  const circles: Feature[] = points.map((p) => ({
    type: 'Feature',
    properties: {},
    geometry: geoCircle().center([p[0], p[1]]).radius(STOP_MARGIN_DEG).precision(10)(),
  }))
  const route: Feature = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'LineString', coordinates: points.map(([lon, lat]) => [lon, lat]) },
  }
  return { type: 'FeatureCollection', features: points.length > 1 ? [route, ...circles] : circles }
}

/** The middle of the shortest arc of longitudes covering all points: opposite their widest gap. */
export function centralLongitude(lons: readonly number[]): number {
  const sorted = [...lons].sort((a, b) => a - b)
  const first = sorted[0]
  if (first === undefined) return 0
  let gapEnd = first
  let widest = first + 360 - (sorted.at(-1) ?? first)
  for (let i = 1; i < sorted.length; i += 1) {
    const gap = (sorted[i] ?? 0) - (sorted[i - 1] ?? 0)
    if (gap > widest) {
      widest = gap
      gapEnd = sorted[i] ?? 0
    }
  }
  // The covered arc runs from the gap's end eastwards for 360 - widest degrees.
  const centre = gapEnd + (360 - widest) / 2
  return ((((centre + 180) % 360) + 360) % 360) - 180
}

function basemapScale(projection: GeoProjection, width: number): BasemapScale {
  return width / projection.scale() > COARSE_ABOVE_RAD ? '110m' : '50m'
}
