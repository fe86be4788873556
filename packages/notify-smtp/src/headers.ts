/**
 * Message tags as `X-Wismo-*` headers. Tags are meant to be non-personal (shipment id,
 * trigger), but a header travels with the message to every hop and mailbox, so a tag whose name
 * or value looks like contact data is left out rather than trusted.
 */

const CONTACT_NAME =
  /e-?mail|phone|mobile|address|recipient|customer|contact|^to$|^from$|^name$|(first|last|full)[-_]?name/i
/** An e-mail address anywhere, or a phone number in international form (`+44 20 7946 0000`). */
const CONTACT_VALUE = /@|\+\d[\d ().-]{5,}\d/
/** Header field names are printable ASCII without `:`; kept to letters, digits and `-`. */
const NAME_CHARS = /[^A-Za-z0-9-]+/g

/** `shipmentId` → `X-Wismo-Shipment-Id`, `trigger` → `X-Wismo-Trigger`; `null` for an unusable name. */
export function tagHeaderName(tag: string): string | null {
  const words = tag
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(NAME_CHARS, '-')
    .split('-')
    .filter((w) => w.length > 0)
  if (words.length === 0) return null
  return ['X', 'Wismo', ...words.map((w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase())].join('-')
}

/**
 * True when the tag may be sent: neither its name nor its value looks like a person's contact.
 * @example isNonPersonalTag('customerEmail', 'x') // false
 */
export function isNonPersonalTag(name: string, value: string): boolean {
  return !CONTACT_NAME.test(name) && !CONTACT_VALUE.test(value)
}

/**
 * The `X-Wismo-*` headers for `tags` (values on one line; personal-looking tags dropped).
 * @example tagHeaders({ shipmentId: 'shp_1', email: 'a@b.example' }) // { 'X-Wismo-Shipment-Id': 'shp_1' }
 */
export function tagHeaders(tags: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(tags)) {
    const header = tagHeaderName(name)
    if (!header || !isNonPersonalTag(name, value)) continue
    out[header] = value.replace(/[\r\n]+/g, ' ').trim()
  }
  return out
}
