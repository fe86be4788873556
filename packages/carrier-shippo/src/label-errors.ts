import { WismoError } from '@wismo/core'
import type { ShippoMessage } from './schema.ts'

/** Words in a Shippo / carrier message that point at an address, and the part they name. */
const ADDRESS_PARTS: ReadonlyArray<[RegExp, string | null]> = [
  [/\b(zip|postal|post code|postcode)\b/i, 'postalCode'],
  [/\bcity\b/i, 'city'],
  [/\b(state|province|region)\b/i, 'region'],
  [/\bcountry\b/i, 'country'],
  [/\b(street|street1|address line)\b/i, 'street1'],
  [/\bphone\b/i, 'phone'],
  [/\baddress/i, null],
]

/** Which address a message is about: `to` for recipient / destination words, `from` for sender / origin. */
const SIDES: ReadonlyArray<[RegExp, 'to' | 'from']> = [
  [/\b(address_to|recipient|destination|ship ?to|consignee|to address)\b/i, 'to'],
  [/\b(address_from|sender|shipper|origin|ship ?from|from address)\b/i, 'from'],
]

/** The address field a message blames (`to.postalCode`, `from`…), or `null` when it is not about an address. */
export function addressField(message: ShippoMessage): string | null {
  const text = `${message.code ?? ''} ${message.text ?? ''}`
  const part = ADDRESS_PARTS.find(([re]) => re.test(text))
  if (!part) return null
  const side = SIDES.find(([re]) => re.test(text))?.[1] ?? 'to'
  return part[1] ? `${side}.${part[1]}` : side
}

/**
 * The coded error for Shippo's refusal messages: `SHIPMENT_ADDRESS_INVALID` with
 * `details.field` when one blames an address (the recipient's when the message does not say
 * which), else `CARRIER_REQUEST_REJECTED`. Every message is kept in `details.messages`.
 */
export function refusalError(what: string, messages: readonly ShippoMessage[]): WismoError {
  const listed = messages.map((m) => ({
    source: m.source ?? null,
    code: m.code ?? null,
    text: m.text ?? null,
  }))
  const summary =
    listed.map((m) => [m.source, m.text].filter(Boolean).join(': ')).join('; ') || 'no reason given'
  const field = messages.map(addressField).find((f) => f !== null)
  if (field)
    return new WismoError('SHIPMENT_ADDRESS_INVALID', `Shippo refused the ${what}: ${summary}`, {
      details: { field, messages: listed },
    })
  return new WismoError('CARRIER_REQUEST_REJECTED', `Shippo refused the ${what}: ${summary}`, {
    details: { messages: listed },
  })
}
