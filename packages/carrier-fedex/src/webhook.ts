import { type CarrierWebhook, hmacHeaderVerifier, WismoError } from '@wismo/core'
import { FedexTrackResponseSchema } from './schema.ts'
import { toUpdates, type UpdatesContext } from './updates.ts'

/**
 * FedEx Advanced Integrated Visibility signs each push with `fdx-signature`: base64 of
 * HMAC-SHA256 over the raw body, keyed by the webhook project's security token. Nothing in it is
 * timestamped, so there is no freshness check; repeated pushes are deduplicated by content.
 * @example await signHmacHeader(FEDEX_SIGNATURE, { secret: token, body }) // { 'fdx-signature': '<base64>' }
 */
export const FEDEX_SIGNATURE = { header: 'fdx-signature', algorithm: 'SHA-256', encoding: 'base64' } as const

const verifySignature = hmacHeaderVerifier(FEDEX_SIGNATURE)

/**
 * Receiving FedEx pushes. The body has the Track API's shape (`output.completeTrackResults`), so
 * it is read like a track answer, with `source: 'webhook'`.
 * @example const webhook = fedexWebhook([token], { carrier: 'fedex', map, log }); await webhook.verify(request)
 */
export function fedexWebhook(tokens: readonly string[], ctx: Omit<UpdatesContext, 'source'>): CarrierWebhook {
  return {
    // No token configured: core's verifier refuses with CONFIG_INVALID rather than accept unsigned pushes.
    verify: (request) => verifySignature(request, tokens),
    parse(body) {
      const parsed = FedexTrackResponseSchema.safeParse(body)
      if (!parsed.success) {
        const problems = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Not a FedEx tracking push', {
          cause: parsed.error,
          details: { problems },
        })
      }
      return toUpdates(parsed.data, { ...ctx, source: 'webhook' })
    },
  }
}
