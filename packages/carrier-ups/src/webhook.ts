import {
  type CarrierWebhook,
  normalizeTrackingNumber,
  STATIC_TOKEN_PRESETS,
  staticTokenVerifier,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'
import { alertEstimates } from './estimates.ts'
import type { MapStatus } from './parse.ts'
import { scanLocation } from './parse.ts'
import { type UpsTrackAlert, UpsTrackAlertSchema } from './schema.ts'
import { upsRawCode } from './status-map.ts'
import { scanTime } from './time.ts'

const verifyCredential = staticTokenVerifier(STATIC_TOKEN_PRESETS.upsTrackAlert)

/**
 * The Track Alert receiver. UPS signs nothing: it echoes the `credential` given at subscription
 * in a `credential` header, which is compared in constant time with every configured credential
 * (rotation). The body is not covered and there is no timestamp, so serve the endpoint over
 * HTTPS only.
 */
export function trackAlertWebhook(
  credentials: readonly string[] | undefined,
  map: MapStatus,
): CarrierWebhook {
  return {
    verify: async (request) => {
      if (!credentials?.length)
        throw new WismoError(
          'WEBHOOK_INVALID_SIGNATURE',
          'UPS Track Alert is not configured (set trackAlert.credentials)',
        )
      return verifyCredential(request, credentials)
    },
    parse: (body) => {
      const parsed = UpsTrackAlertSchema.safeParse(body)
      if (!parsed.success)
        throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Not a UPS Track Alert tracking event', {
          cause: parsed.error,
        })
      return [alertUpdate(parsed.data, map)]
    },
  }
}

/**
 * One Track Alert message (a single activity of one package) as a tracking update. The time is
 * the local one with the offset implied by the GMT reading, which is how the Track API spells the
 * same scan when it gives `gmtOffset`, so both meet in one event.
 */
export function alertUpdate(alert: UpsTrackAlert, map: MapStatus): TrackingUpdate {
  const occurredAt = scanTime({
    date: alert.localActivityDate,
    time: alert.localActivityTime,
    gmtDate: alert.gmtActivityDate,
    gmtTime: alert.gmtActivityTime,
  })
  if (!occurredAt)
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'UPS Track Alert event without a readable activity date')
  const status = { ...alert.activityStatus, statusCode: alert.activityStatus.descriptionCode }
  const mapped = map(status)
  const location = scanLocation(alert.activityLocation)
  const estimates = alertEstimates(alert)
  return {
    carrier: 'ups',
    trackingNumber: normalizeTrackingNumber(alert.trackingNumber),
    source: 'webhook',
    events: [
      {
        status: mapped.status,
        subStatus: mapped.subStatus,
        rawCode: upsRawCode(status),
        rawText: alert.activityStatus.description ?? '',
        occurredAt,
        ...(location ? { location } : {}),
      },
    ],
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}
