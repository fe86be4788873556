/**
 * HTML that is already safe: built by {@link html}, or passed through {@link trusted} (a page's
 * own CSS, a chart's or map's SVG).
 * @example const cell: Markup = html`<td>${'Zoë & co'}</td>`
 */
export class Markup {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

/**
 * Trusted markup, inserted as is. Never pass it text that came from a carrier or a customer.
 * @example html`<option${selected ? trusted(' selected') : ''}>${label}</option>`
 */
export const trusted = (value: string): Markup => new Markup(value)

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Text made safe for element content and quoted attribute values, in HTML and in the XML of an
 * inline SVG.
 * @example escapeHtml(`<b title="x">Ben & Jerry's</b>`) // '&lt;b title=&quot;x&quot;&gt;Ben &amp; Jerry&#39;s&lt;/b&gt;'
 */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)

/**
 * A template in which every interpolated value is escaped unless it is {@link Markup}; arrays are
 * concatenated; `null`, `undefined` and `false` print nothing.
 * @example html`<ul>${events.map((e) => html`<li>${e.rawText}</li>`)}</ul>`
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
  return escapeHtml(String(value))
}
