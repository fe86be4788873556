/**
 * Charts as inline SVG, drawn on the server with d3-scale and d3-shape (no script reaches the
 * browser). Each chart names itself for screen readers; the page puts the same figures in a table.
 */

import { html, type Markup } from '@wismo/core/html'
import { scaleBand, scaleLinear } from 'd3-scale'
import { area, line } from 'd3-shape'

export interface Bar {
  label: string
  value: number
  /** A second figure drawn as a tick on the bar (e.g. the p90 on a median bar). */
  mark?: number | null
}

export interface BarChartInput {
  id: string
  title: string
  bars: readonly Bar[]
  format: (value: number) => string
  /** The scale's top; default: the largest value or mark. */
  max?: number
  markLabel?: string
}

const WIDTH = 640
const LABEL_WIDTH = 190
const VALUE_WIDTH = 90
const ROW = 28

/** Horizontal bars, one per row, with the value written at the end of each. */
export function barChart(input: BarChartInput): Markup {
  const height = Math.max(1, input.bars.length) * ROW + 8
  const top = input.max ?? Math.max(0, ...input.bars.flatMap((b) => [b.value, b.mark ?? 0]))
  const x = scaleLinear()
    .domain([0, top || 1])
    .range([0, WIDTH - LABEL_WIDTH - VALUE_WIDTH])
  const y = scaleBand()
    .domain(input.bars.map((_, i) => String(i)))
    .range([4, height - 4])
    .padding(0.25)
  const rows = input.bars.map((bar, i) => {
    const top = y(String(i)) ?? 0
    const mid = top + y.bandwidth() / 2
    const mark =
      bar.mark == null
        ? ''
        : html`<line class="axis" x1="${LABEL_WIDTH + x(bar.mark)}" x2="${LABEL_WIDTH + x(bar.mark)}" y1="${top - 3}" y2="${top + y.bandwidth() + 3}" stroke-width="3"/>`
    const end = LABEL_WIDTH + Math.max(x(bar.value), bar.mark == null ? 0 : x(bar.mark))
    return html`<g><text x="${LABEL_WIDTH - 8}" y="${mid}" text-anchor="end" dominant-baseline="middle">${clip(bar.label)}</text><rect class="bar" x="${LABEL_WIDTH}" y="${top}" width="${Math.max(1, x(bar.value))}" height="${y.bandwidth()}"/>${mark}<text x="${end + 6}" y="${mid}" dominant-baseline="middle">${input.format(bar.value)}</text></g>`
  })
  const desc = input.bars.map((b) => `${b.label}: ${input.format(b.value)}`).join('; ')
  return html`<svg class="chart" id="${input.id}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${input.id}-t ${input.id}-d"><title id="${input.id}-t">${input.title}</title><desc id="${input.id}-d">${desc || 'No data'}${input.markLabel ? `. ${input.markLabel}` : ''}</desc><line class="axis" x1="${LABEL_WIDTH}" x2="${LABEL_WIDTH}" y1="0" y2="${height}"/>${rows}</svg>`
}

export interface SeriesInput {
  id: string
  title: string
  points: readonly { label: string; value: number }[]
}

const SERIES_HEIGHT = 200
const PAD = { left: 40, right: 16, top: 12, bottom: 28 }

/** A daily series as an area with a line on top; first and last days and the peak are labelled. */
export function seriesChart(input: SeriesInput): Markup {
  const { points } = input
  const peak = Math.max(1, ...points.map((p) => p.value))
  const x = scaleLinear()
    .domain([0, Math.max(1, points.length - 1)])
    .range([PAD.left, WIDTH - PAD.right])
  const y = scaleLinear()
    .domain([0, peak])
    .range([SERIES_HEIGHT - PAD.bottom, PAD.top])
  const xs = (_: unknown, i: number) => x(i)
  const ys = (p: { value: number }) => y(p.value)
  const fill = area<{ value: number }>().x(xs).y0(y(0)).y1(ys)(points) ?? ''
  const stroke = line<{ value: number }>().x(xs).y(ys)(points) ?? ''
  const first = points[0]?.label ?? ''
  const last = points.at(-1)?.label ?? ''
  const total = points.reduce((sum, p) => sum + p.value, 0)
  return html`<svg class="chart" id="${input.id}" viewBox="0 0 ${WIDTH} ${SERIES_HEIGHT}" role="img" aria-labelledby="${input.id}-t ${input.id}-d"><title id="${input.id}-t">${input.title}</title><desc id="${input.id}-d">${total} over ${points.length} days from ${first} to ${last}; at most ${peak} a day.</desc><path class="area" d="${fill}"/><path class="line" d="${stroke}"/><line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0)}" y2="${y(0)}"/><text x="${PAD.left - 6}" y="${y(peak)}" text-anchor="end" dominant-baseline="middle">${peak}</text><text x="${PAD.left - 6}" y="${y(0)}" text-anchor="end" dominant-baseline="middle">0</text><text x="${PAD.left}" y="${SERIES_HEIGHT - 8}">${first}</text><text x="${WIDTH - PAD.right}" y="${SERIES_HEIGHT - 8}" text-anchor="end">${last}</text></svg>`
}

const clip = (label: string) => (label.length > 28 ? `${label.slice(0, 27)}…` : label)
