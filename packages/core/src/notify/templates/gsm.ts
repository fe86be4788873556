/**
 * SMS length rules (3GPP 23.040 as Twilio counts them): GSM-7 fits 160 septets in one segment
 * and 153 per part when concatenated; an extension character costs 2 septets and is never split
 * across parts. Any character outside GSM-7 switches the whole text to UCS-2: 70 UTF-16 units,
 * 67 per part, a surrogate pair never split.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const GSM_EXTENSION = '\f^{}\\[~]|€'

const BASIC = new Set(GSM_BASIC)
const EXTENSION = new Set(GSM_EXTENSION)

export type SmsEncoding = 'GSM-7' | 'UCS-2'

/** How an SMS text is sent: its encoding, how many segments it bills as, and its length in units. */
export interface SmsCount {
  encoding: SmsEncoding
  /** 0 for an empty text. */
  segments: number
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number
}

/** True when every character of `text` is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false
  return true
}

/**
 * Count the segments an SMS text bills as.
 * @example smsSegments('1'.repeat(161)) // { encoding: 'GSM-7', segments: 2, units: 161 }
 */
export function smsSegments(text: string): SmsCount {
  const gsm = isGsm7(text)
  const sizes = [...text].map((ch) => (gsm ? (EXTENSION.has(ch) ? 2 : 1) : ch.length))
  const [single, part] = gsm ? [160, 153] : [70, 67]
  const units = sizes.reduce((a, b) => a + b, 0)
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: countParts(sizes, units, single, part), units }
}

function countParts(sizes: number[], units: number, single: number, part: number): number {
  if (units === 0) return 0
  if (units <= single) return 1
  let parts = 1
  let used = 0
  for (const size of sizes) {
    if (used + size > part) {
      parts++
      used = 0
    }
    used += size
  }
  return parts
}

/** Look-alike punctuation and spaces that Intl and typists produce, with their GSM-7 stand-ins. */
const LOOK_ALIKES: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2007': ' ',
  '\u00b7': '-',
}

/**
 * Replace characters outside GSM-7 by their GSM-7 base letter or look-alike (`ã` → `a`,
 * `–` → `-`, narrow spaces → space). Characters with no stand-in (emoji, CJK) are kept, so the
 * text may still need UCS-2.
 * @example toGsm7('Olá, São Paulo') // 'Ola, Sao Paulo'
 */
export function toGsm7(text: string): string {
  let out = ''
  for (const ch of text) out += BASIC.has(ch) || EXTENSION.has(ch) ? ch : standIn(ch)
  return out
}

function standIn(ch: string): string {
  const known = LOOK_ALIKES[ch]
  if (known !== undefined) return known
  const base = ch.normalize('NFD').replace(/\p{M}+/gu, '')
  return base !== ch && isGsm7(base) ? base : ch
}
