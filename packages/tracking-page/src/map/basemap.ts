import { createRequire } from 'node:module'
import type { Feature, FeatureCollection, MultiLineString } from 'geojson'
import { feature, mesh } from 'topojson-client'

/** Natural Earth land and country borders at one scale, as GeoJSON. */
export interface Basemap {
  readonly land: Feature | FeatureCollection
  readonly borders: MultiLineString
}

/** `110m` for wide views (a continent or more), `50m` when zoomed in to a region. */
export type BasemapScale = '110m' | '50m'

const loaded = new Map<BasemapScale, Basemap>()

/** The basemap at `scale`, read from `world-atlas` and converted once. */
export function basemap(scale: BasemapScale): Basemap {
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
  const topology = createRequire(import.meta.url)(`world-atlas/countries-${scale}.json`) as Topology
  const { land, countries } = topology.objects as Record<'land' | 'countries', TopoObject>
  return {
    land: feature(topology, land),
    borders: mesh(topology, countries, (a, b) => a !== b),
  }
}
