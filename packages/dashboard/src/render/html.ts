/** HTML that is already safe: built by {@link html}, or trusted (the charts' SVG). */
export class Markup {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

/** Trusted markup, inserted as is. Never pass it text that came from a carrier or a customer. */
export const trusted = (value: string): Markup => new Markup(value)

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text made safe for element content and quoted attribute values. */
export const escapeText = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)

/**
 * A template in which every interpolated value is escaped unless it is {@link Markup}; arrays are
 * concatenated; `null`, `undefined` and `false` print nothing.
 * @example html`<td>${event.rawText}</td>`
 */
export function html(parts: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = parts[0] ?? ''
  values.forEach((value, i) => {
    out += render(value) + (parts[i + 1] ?? '')
  })
  return new Markup(out)
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Markup) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeText(String(value))
}
