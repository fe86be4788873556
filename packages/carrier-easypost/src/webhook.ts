import {
  type CarrierWebhook,
  HMAC_HEADER_PRESETS,
  hmacHeaderVerifier,
  type Logger,
  TrackingNumberSchema,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'
import { EasypostEventSchema, EasypostTrackerSchema } from './schema.ts'
import type { EasypostStatusMapper } from './status-map.ts'
import { EASYPOST_ID, isEmptyTracker, trackerUpdates } from './tracker.ts'

const verifySignature = hmacHeaderVerifier(HMAC_HEADER_PRESETS.easypost)

/**
 * Event descriptions whose `result` is a Tracker.
 * @example TRACKER_EVENTS.has('tracker.updated') // true
 */
export const TRACKER_EVENTS: ReadonlySet<string> = new Set(['tracker.created', 'tracker.updated'])

/** What the receiver needs: the secrets (newest first), the mapper, the tracker-id option, a logger. */
export interface WebhookContext {
  secrets: readonly string[]
  map: EasypostStatusMapper
  trackerIds: boolean
  log: Logger
}

/**
 * The EasyPost webhook receiver. `verify` checks `X-Hmac-Signature: hmac-sha256-hex=<hex>` over
 * the raw body with each configured secret (NFKD-normalized, as EasyPost does); EasyPost signs no
 * timestamp, so there is no staleness check. `parse` reads the `Event` envelope:
 * - `tracker.created` / `tracker.updated` → one update (source `webhook`) with the tracker's
 *   whole history;
 * - any other EasyPost event (`batch.updated`, `shipment.invoice.created`, …) → no update: a
 *   webhook receives every event of the account, and refusing them would make EasyPost retry and
 *   finally disable the webhook;
 * - a body that is no EasyPost event, or a tracker event without a readable tracker →
 *   `WEBHOOK_UNPROCESSABLE`.
 * @example const webhook = easypostWebhook({ secrets: [secret], map, trackerIds: true, log })
 */
export function easypostWebhook(ctx: WebhookContext): CarrierWebhook {
  return {
    verify: async (request) => {
      if (ctx.secrets.length === 0)
        throw new WismoError(
          'WEBHOOK_INVALID_SIGNATURE',
          'EasyPost webhooks are not configured (set webhookSecret to the webhook secret)',
        )
      return verifySignature(request, ctx.secrets)
    },
    parse: (body) => parseEvent(body, ctx),
  }
}

/**
 * One EasyPost webhook body as tracking updates (see `easypostWebhook`).
 * @example parseEvent(JSON.parse(body), { map, trackerIds: true, log })[0]?.events.length
 */
export function parseEvent(
  body: unknown,
  ctx: Pick<WebhookContext, 'map' | 'trackerIds' | 'log'>,
): TrackingUpdate[] {
  const event = EasypostEventSchema.safeParse(body)
  if (!event.success)
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Not an EasyPost event', {
      details: { problems: problems(event.error) },
    })
  const { id, description, result } = event.data
  if (!TRACKER_EVENTS.has(description)) {
    ctx.log.debug({ carrier: EASYPOST_ID, event: id, description }, 'easypost event without tracking ignored')
    return []
  }
  const tracker = EasypostTrackerSchema.safeParse(result)
  if (!tracker.success)
    throw new WismoError(
      'WEBHOOK_UNPROCESSABLE',
      `EasyPost ${description} event without a readable tracker`,
      {
        details: { event: id, problems: problems(tracker.error) },
      },
    )
  if (!TrackingNumberSchema.safeParse(tracker.data.tracking_code).success)
    throw new WismoError(
      'WEBHOOK_UNPROCESSABLE',
      `EasyPost ${description} event with an unusable tracking code`,
      {
        details: { event: id },
      },
    )
  // A fresh tracker (`tracker.created`, status `unknown`, no scans) tells nothing yet.
  if (isEmptyTracker(tracker.data)) return []
  return trackerUpdates([tracker.data], { ...ctx, source: 'webhook' })
}

function problems(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
}
