import { escapeHtml } from '@wismo/core/html'
import { tenths } from './path-builder.ts'
import type { PlacedStop, StopKind } from './types.ts'

/** Marker shapes for a stop at (x, y), in tenths of a pixel. Data, so the look is tuned in one place. */
const SHAPES: Record<StopKind, (x: number, y: number) => string> = {
  scan: (x, y) => circle(x, y, 3.5),
  origin: (x, y) => circle(x, y, 5.5),
  destination: (x, y) => `<path d="M${tenths(x)} ${tenths(y - 90)}l9 9-9 9-9-9z"/>`,
  current: (x, y) => circle(x, y, 12, 'wm-map-current-ring') + circle(x, y, 6.5),
}

function circle(x: number, y: number, r: number, className?: string): string {
  const attr = className ? ` class="${className}"` : ''
  return `<circle${attr} cx="${tenths(x)}" cy="${tenths(y)}" r="${r}"/>`
}

/** Drawn last on top: the parcel's position must never hide under a scan dot. */
const DRAW_ORDER: readonly StopKind[] = ['scan', 'origin', 'destination', 'current']

/** One `<g>` per stop, with its label as a tooltip `<title>`. */
export function markers(stops: readonly PlacedStop[]): string {
  return DRAW_ORDER.flatMap((kind) => stops.filter((s) => s.kind === kind).map(marker)).join('')
}

function marker(stop: PlacedStop): string {
  const shape = SHAPES[stop.kind](Math.round(stop.x * 10), Math.round(stop.y * 10))
  return `<g class="wm-map-stop wm-map-${stop.kind}"><title>${escapeHtml(stop.label)}</title>${shape}</g>`
}
