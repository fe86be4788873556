/**
 * USPS text fields carry HTML (`USPS Ground Advantage<SUP>&#153;</SUP>`). Tags are dropped,
 * entities decoded, whitespace collapsed.
 */

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  reg: '®',
  trade: '™',
  copy: '©',
  mdash: '—',
  ndash: '–',
}

/** Windows-1252 code points 0x80–0x9F, which HTML decodes as these characters (`&#153;` is ™). */
const CP1252: Readonly<Record<number, string>> = {
  128: '€',
  133: '…',
  145: '‘',
  146: '’',
  147: '“',
  148: '”',
  150: '–',
  151: '—',
  153: '™',
}

function decodeCodePoint(n: number): string {
  if (CP1252[n]) return CP1252[n]
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || n < 0x20) return ''
  return String.fromCodePoint(n)
}

/** Decode `&name;`, `&#123;` and `&#x7B;` entities; unknown names are left as written. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body.toLowerCase()] ?? whole
    const hex = body[1] === 'x' || body[1] === 'X'
    return decodeCodePoint(Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10))
  })
}

/**
 * Plain text from a USPS text field: tags removed, entities decoded, spaces collapsed.
 * @example cleanText('USPS Ground Advantage<SUP>&#153;</SUP>') // 'USPS Ground Advantage™'
 */
export function cleanText(value: string | null | undefined): string {
  if (!value) return ''
  const noTags = value.replace(/<\/?[a-z][^<>]*>/gi, '')
  return decodeEntities(noTags).replace(/\s+/g, ' ').trim()
}
