import type { Logger, TrackingUpdate } from '@wismo/core'
import { normalizeTrackingNumber } from '@wismo/core'
import type { FedexTrackResponse } from './schema.ts'
import { type MapStatus, toUpdate } from './to-update.ts'

/**
 * What turning a FedEx answer into updates needs.
 * @example toUpdates(answer, { carrier: 'fedex', source: 'poll', map, log })
 */
export interface UpdatesContext {
  carrier: string
  source: TrackingUpdate['source']
  map: MapStatus
  log: Logger
}

/**
 * One update per parcel of a FedEx track answer or push (both carry `completeTrackResults`). A
 * result with an error and no tracking data (`TRACKING.TRACKINGNUMBER.NOTFOUND` inside a 200) is
 * left out; a number FedEx reused gives one update per `trackingNumberUniqueId`.
 * @example toUpdates(FedexTrackResponseSchema.parse(body), { carrier: 'fedex', source: 'webhook', map, log })
 */
export function toUpdates(response: FedexTrackResponse, ctx: UpdatesContext): TrackingUpdate[] {
  const onBadScan = (scan: { eventType: string }) =>
    ctx.log.warn({ carrier: ctx.carrier, code: scan.eventType }, 'fedex scan without a readable date dropped')
  return response.output.completeTrackResults.flatMap(({ trackingNumber, trackResults }) =>
    trackResults.flatMap((result) => {
      const hasData = (result.scanEvents?.length ?? 0) > 0 || result.latestStatusDetail !== undefined
      if (result.error && !hasData) {
        ctx.log.debug(
          { carrier: ctx.carrier, code: result.error.code },
          'fedex result without tracking data left out',
        )
        return []
      }
      const number = normalizeTrackingNumber(
        trackingNumber || result.trackingNumberInfo?.trackingNumber || '',
      )
      return [toUpdate(number, result, { carrier: ctx.carrier, source: ctx.source, map: ctx.map, onBadScan })]
    }),
  )
}
