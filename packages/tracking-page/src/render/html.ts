/** Markup that is already safe (built by {@link html} or trusted, like the map's SVG). */
export class Markup {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

/** Trusted markup, inserted as is. */
export const raw = (value: string): Markup => new Markup(value)

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text made safe for HTML text and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

/**
 * A template of HTML in which every interpolated value is escaped, unless it is {@link Markup};
 * arrays are joined; `null`, `undefined` and `false` render nothing.
 * @example html`<p>${userText}</p>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] as string
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + (strings[i + 1] as string)
  return new Markup(out)
}

function piece(value: unknown): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Markup) return value.value
  if (Array.isArray(value)) return value.map(piece).join('')
  return escapeHtml(String(value))
}
