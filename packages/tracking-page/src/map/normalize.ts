/** Letters that Unicode decomposition does not fold to ASCII. */
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ı: 'i',
  þ: 'th',
}

/** Abbreviations carriers print for words GeoNames spells out (and the reverse is never needed). */
const TOKEN_ALIASES = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['ft', 'fort'],
  ['mt', 'mount'],
])

/**
 * A place name folded for comparison: lower case, accents and punctuation removed, common
 * abbreviations spelled out. `"São Paulo"`, `"SAO PAULO"` and `"Sao-Paulo"` fold alike.
 */
export function normalizeName(name: string): string {
  // Most names are plain ASCII: skip the costly decomposition (it runs 135k times at load).
  const folded = /^[\x20-\x7e]*$/.test(name) ? foldAscii(name) : foldUnicode(name)
  return folded.includes(' ') || TOKEN_ALIASES.has(folded)
    ? folded
        .split(' ')
        .map((t) => TOKEN_ALIASES.get(t) ?? t)
        .join(' ')
    : folded
}

function foldAscii(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

function foldUnicode(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßøæœłđðıþ]/g, (c) => SPECIAL[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}
