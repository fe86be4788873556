import type { Location } from '@wismo/core'
import type { GeoPoint } from './geocode.ts'

/** What a stop on the route is; decides its marker. */
export type StopKind = 'origin' | 'scan' | 'current' | 'destination'

/** A stop to draw, in route order. */
export interface MapStop {
  location: Location
  kind: StopKind
  /** Shown on hover and read by screen readers, already localized: `"Memphis, TN · Mon 2 Mar 14:03"`. */
  label: string
}

/** A stop that was placed on the map (consecutive stops at one place merged into one). */
export interface PlacedStop extends MapStop {
  point: GeoPoint
  /** Position in the SVG's `viewBox`. */
  x: number
  y: number
}

/** Options of {@link routeMap}. */
export interface RouteMapOptions {
  /** The map's accessible name, e.g. `"Route of your parcel"`. */
  title: string
  /** Prefix of the ids inside the SVG; unique per map on a page (letters, digits, `-`, `_`). */
  idPrefix: string
  /** Words for each kind of stop in the description (`"Origin: Memphis…"`); English by default. */
  kindNames?: Partial<Record<StopKind, string>>
  /** `viewBox` size; 640 × 400 by default. */
  width?: number
  height?: number
}

/** The drawn map and which stops made it onto it. */
export interface RouteMap {
  /** The inline SVG, or `null` when no stop could be placed. */
  svg: string | null
  placed: PlacedStop[]
  /** Stops whose place the geocoder could not find with confidence: list them, never guess. */
  unplaced: MapStop[]
}
