import {
  type CarrierWebhook,
  HMAC_HEADER_PRESETS,
  hmacHeaderVerifier,
  type Logger,
  type RawWebhookRequest,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'
import { type MapStatus, toUpdate, wismoNumber } from './parse.ts'
import { AftershipWebhookSchema } from './schema.ts'

const verifySignature = hmacHeaderVerifier(HMAC_HEADER_PRESETS.aftership)

/**
 * The AfterShip webhook receiver. `verify` checks `aftership-hmac-sha256` (base64 HMAC-SHA256 of
 * the raw body) against every configured secret (rotation), then names the delivery by its
 * `event_id` so Wismo's replay guard can acknowledge a retried delivery without work. AfterShip
 * signs no timestamp (the body's `ts` is not covered), so there is no freshness check.
 * `parse` turns `msg` (a Tracking object with its whole checkpoint history) into one update.
 */
export function aftershipWebhook(secrets: readonly string[], map: MapStatus, log: Logger): CarrierWebhook {
  return {
    verify: async (request) => {
      if (secrets.length === 0)
        throw new WismoError(
          'WEBHOOK_INVALID_SIGNATURE',
          'AfterShip webhooks are not configured (set webhookSecret)',
        )
      const result = await verifySignature(request, secrets)
      const messageId = eventIdOf(request)
      return messageId ? { ...result, messageId } : result
    },
    parse: (body) => [webhookUpdate(body, map, log)],
  }
}

/** One webhook body as a tracking update; `WEBHOOK_UNPROCESSABLE` when it is no tracking webhook. */
export function webhookUpdate(body: unknown, map: MapStatus, log: Logger): TrackingUpdate {
  const parsed = AftershipWebhookSchema.safeParse(body)
  if (!parsed.success)
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Not an AfterShip tracking webhook', {
      cause: parsed.error,
    })
  const trackingNumber = wismoNumber(parsed.data.msg)
  if (!trackingNumber)
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'AfterShip webhook with an unusable tracking number')
  return toUpdate(parsed.data.msg, { map, log, source: 'webhook', trackingNumber })
}

/** The body's `event_id` (AfterShip's id of the event, kept across its retries), if readable. */
function eventIdOf(request: RawWebhookRequest): string | undefined {
  try {
    const body = JSON.parse(new TextDecoder().decode(request.body)) as { event_id?: unknown }
    const id = body?.event_id
    return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined
  } catch {
    // The signature matched, so the body is AfterShip's; an unreadable one is parse()'s to refuse.
    return undefined
  }
}
