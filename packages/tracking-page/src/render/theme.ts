/**
 * The shop's colours as CSS custom properties, with text colours chosen for contrast (WCAG 2
 * relative luminance), so a light brand colour still gets readable text.
 */
const DEFAULT_BRAND = '#1f3a5f'

export interface Theme {
  brand: string
  onBrand: string
  /** The brand colour where it is used as text or lines on white: darkened until it reads (4.5:1). */
  accent: string
}

export function themeOf(colour?: string, onColour?: string): Theme {
  const brand = colour ? expand(colour) : DEFAULT_BRAND
  const onBrand = onColour
    ? expand(onColour)
    : contrast(brand, '#ffffff') >= contrast(brand, '#111111')
      ? '#ffffff'
      : '#111111'
  return { brand, onBrand, accent: readableOnWhite(brand) }
}

/** `#abc` → `#aabbcc`. */
function expand(hex: string): string {
  const h = hex.toLowerCase()
  return h.length === 4 ? `#${h[1]}${h[1]}${h[2]}${h[2]}${h[3]}${h[3]}` : h
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number]
  return (x + 0.05) / (y + 0.05)
}

function readableOnWhite(hex: string): string {
  let [r, g, b] = channels(hex)
  let out = hex
  for (let i = 0; i < 20 && contrast(out, '#ffffff') < 4.5; i++) {
    ;[r, g, b] = [r, g, b].map((c) => Math.floor(c * 0.85)) as [number, number, number]
    out = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`
  }
  return out
}
