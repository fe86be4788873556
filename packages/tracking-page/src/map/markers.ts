import { tenths } from './path-builder.ts'
import type { PlacedStop, StopKind } from './types.ts'
import { escapeXml } from './xml.ts'

/** Marker shapes: class and SVG for a stop at (x, y). Data, so the look is tuned in one place. */
const SHAPES: Record<StopKind, (x: string, y: string, at: PlacedStop) => string> = {
  scan: (x, y) => `<circle cx="${x}" cy="${y}" r="3.5"/>`,
  origin: (x, y) => `<circle cx="${x}" cy="${y}" r="5.5"/>`,
  destination: (x, y, at) => `<path d="M${x} ${tenths(Math.round(at.y * 10) - 80)}l8 8-8 8-8-8z"/>`,
  current: (x, y) =>
    `<circle class="wm-map-current-ring" cx="${x}" cy="${y}" r="12"/><circle cx="${x}" cy="${y}" r="6.5"/>`,
}

/** Drawn last on top: the parcel's position must never hide under a scan dot. */
const DRAW_ORDER: readonly StopKind[] = ['scan', 'origin', 'destination', 'current']

/** One `<g>` per stop, with its label as a tooltip `<title>`. */
export function markers(stops: readonly PlacedStop[]): string {
  return DRAW_ORDER.flatMap((kind) => stops.filter((s) => s.kind === kind).map(marker)).join('')
}

function marker(stop: PlacedStop): string {
  const x = tenths(Math.round(stop.x * 10))
  const y = tenths(Math.round(stop.y * 10))
  const shape = SHAPES[stop.kind](x, y, stop)
  return `<g class="wm-map-stop wm-map-${stop.kind}"><title>${escapeXml(stop.label)}</title>${shape}</g>`
}
