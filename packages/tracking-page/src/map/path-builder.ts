/**
 * A `d3-geo` path context that writes compact SVG path data: tenths of a pixel, relative
 * coordinates, points closer than `minStep` to the last kept one dropped, and rings that shrink
 * below a triangle left out. Country outlines come out several times smaller than
 * `geoPath().digits(1)` would write them.
 */
export class PathBuilder {
  readonly #minStep: number
  #out = ''
  #ring = ''
  #points = 0
  // Positions in whole tenths of a pixel, so relative steps add up exactly.
  #pen = { x: 0, y: 0 }
  #start = { x: 0, y: 0 }
  #last = { x: 0, y: 0 }

  /** `minStep`: the shortest step kept, in pixels (0 keeps every distinct point). */
  constructor(minStep = 0) {
    this.#minStep = Math.max(1, Math.round(minStep * 10))
  }

  moveTo(x: number, y: number): void {
    this.#flush(false)
    const p = { x: Math.round(x * 10), y: Math.round(y * 10) }
    this.#ring = `m${pair(p.x - this.#pen.x, p.y - this.#pen.y)}`
    this.#start = p
    this.#last = p
    this.#points = 1
  }

  lineTo(x: number, y: number): void {
    const p = { x: Math.round(x * 10), y: Math.round(y * 10) }
    const dx = p.x - this.#last.x
    const dy = p.y - this.#last.y
    if (Math.max(Math.abs(dx), Math.abs(dy)) < this.#minStep) return
    // After `m`, further pairs are implicit relative line-tos.
    const step = pair(dx, dy)
    this.#ring += step.startsWith('-') ? step : ` ${step}`
    this.#last = p
    this.#points += 1
  }

  closePath(): void {
    this.#flush(true)
  }

  /** Part of `geoPath`'s context; each subpath starts with `moveTo` here. */
  beginPath(): void {}

  /** `geoPath` draws Point geometries with arcs; the map draws its markers itself. */
  arc(): void {}

  /** The path data so far (`""` when nothing was drawn). */
  toString(): string {
    this.#flush(false)
    return this.#out
  }

  #flush(closed: boolean): void {
    if (this.#points >= (closed ? 3 : 2)) {
      this.#out += closed ? `${this.#ring}z` : this.#ring
      // After `z` the pen is back at the ring's start.
      this.#pen = closed ? this.#start : this.#last
    }
    this.#ring = ''
    this.#points = 0
  }
}

/** Two numbers in tenths, written as SVG path numbers with the fewest separators. */
function pair(dx: number, dy: number): string {
  const y = tenths(dy)
  return `${tenths(dx)}${y.startsWith('-') ? '' : ' '}${y}`
}

/** `123` → `12.3`, `-5` → `-.5`, `20` → `2`. */
export function tenths(value: number): string {
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(value)
  const whole = Math.floor(abs / 10)
  const frac = abs % 10
  if (frac === 0) return `${sign}${whole}`
  return `${sign}${whole === 0 ? '' : whole}.${frac}`
}
