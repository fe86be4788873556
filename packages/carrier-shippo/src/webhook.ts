import {
  type CarrierWebhook,
  isWismoError,
  type RawWebhookRequest,
  STATIC_TOKEN_PRESETS,
  staticTokenVerifier,
  type TrackingUpdate,
  timestampedHmacVerifier,
  type VerifyResult,
  WismoError,
} from '@wismo/core'
import { trackUpdate } from './parse.ts'
import { type ShippoTrack, ShippoTrackSchema, ShippoWebhookEnvelopeSchema } from './schema.ts'
import type { ShippoMapStatus } from './status-map.ts'

/** Header of Shippo's HMAC scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SHIPPO_SIGNATURE_HEADER = 'shippo-auth-signature'

/** The Shippo event this adapter ingests; others are acknowledged and ignored. */
export const TRACK_UPDATED = 'track_updated'

export interface ShippoWebhookSettings {
  urlTokens?: readonly string[] | undefined
  hmacSecrets?: readonly string[] | undefined
  toleranceSec: number
}

const verifyUrlToken = staticTokenVerifier(STATIC_TOKEN_PRESETS.shippoUrlToken)

/**
 * The `track_updated` receiver. With `urlTokens`, the `?token=` of the webhook URL must match one
 * (constant-time). With `hmacSecrets`, `Shippo-Auth-Signature` must also hold a valid HMAC of
 * `t.body` over the raw bytes, its `t` within `toleranceSec` of `now()`. Both configured: both
 * must pass.
 */
export function shippoWebhook(
  settings: ShippoWebhookSettings | undefined,
  map: ShippoMapStatus,
  learn: (trackingNumber: string, token: string) => void,
  now: () => Date = () => new Date(),
): CarrierWebhook {
  const verifyHmac = settings?.hmacSecrets?.length
    ? timestampedHmacVerifier({ header: SHIPPO_SIGNATURE_HEADER, toleranceSec: settings.toleranceSec })
    : null
  return {
    verify: async (request: RawWebhookRequest): Promise<VerifyResult> => {
      const tokens = settings?.urlTokens ?? []
      if (tokens.length === 0 && !verifyHmac)
        throw new WismoError(
          'WEBHOOK_INVALID_SIGNATURE',
          'Shippo webhooks are not configured (set webhook.urlTokens or webhook.hmacSecrets)',
        )
      const byToken = tokens.length > 0 ? await verifyUrlToken(request, tokens) : null
      const byHmac = verifyHmac ? await verifyHmac(request, settings?.hmacSecrets ?? [], now()) : null
      return (byHmac ?? byToken) as VerifyResult
    },
    parse: (body) => parseWebhook(body, map, learn),
  }
}

/**
 * A Shippo webhook body as tracking updates. `track_updated` gives one update (none when the
 * track has no status yet); another Shippo event (`transaction_created`, `batch_purchased`, …)
 * gives none, so it is acknowledged and not retried. Anything else is `WEBHOOK_UNPROCESSABLE`.
 */
export function parseWebhook(
  body: unknown,
  map: ShippoMapStatus,
  learn: (trackingNumber: string, token: string) => void = () => {},
): TrackingUpdate[] {
  const envelope = ShippoWebhookEnvelopeSchema.safeParse(body)
  if (!envelope.success || typeof envelope.data.data !== 'object' || envelope.data.data === null)
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Not a Shippo webhook payload', {
      ...(envelope.success ? {} : { cause: envelope.error }),
    })
  if (envelope.data.event !== TRACK_UPDATED) return []
  const track = ShippoTrackSchema.safeParse(envelope.data.data)
  if (!track.success)
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Shippo track_updated without a readable track', {
      cause: track.error,
    })
  const update = webhookUpdate(track.data, map)
  if (update) learn(update.trackingNumber, track.data.carrier)
  return update ? [update] : []
}

/** The pushed track's update; a track Wismo cannot use (a malformed number) is the sender's problem: unprocessable. */
function webhookUpdate(track: ShippoTrack, map: ShippoMapStatus): TrackingUpdate | null {
  try {
    return trackUpdate(track, map, 'webhook')
  } catch (e) {
    if (!isWismoError(e, 'CARRIER_RESPONSE_INVALID')) throw e
    throw new WismoError('WEBHOOK_UNPROCESSABLE', e.message, { cause: e })
  }
}
