/** GSM 03.38 basic character set (one septet each). */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
/** GSM 03.38 extension table (escape + char, two septets each). */
const EXTENSION = '^{}\\[~]|€\f'
const GSM7 = new Set([...BASIC, ...EXTENSION])

/**
 * True when every character of `text` is in the GSM-7 alphabet (basic or extension). Vonage's
 * `type=text` sends GSM-7; anything else needs `type=unicode` or arrives garbled.
 * @example isGsm7('Out for delivery') // true; isGsm7('ça') // false (ç is not GSM-7)
 */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!GSM7.has(ch)) return false
  return true
}
