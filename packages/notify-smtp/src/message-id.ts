import { createHash } from 'node:crypto'

/**
 * The `Message-ID` of a message, derived from its idempotency key: the same key always gives
 * the same id, so a resend after an unknown outcome carries the id of the first attempt. The key
 * is hashed (SHA-256, 32 hex characters) so any key is a valid id-left and the id does not spell
 * out the key.
 * @example messageIdFor('order-1:delivered', 'shop.example') // '<wismo.3f0c…@shop.example>'
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32)
  return `<wismo.${digest}@${domain}>`
}
