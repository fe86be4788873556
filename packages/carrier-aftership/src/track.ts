import { normalizeTrackingNumber, type TrackingUpdate } from '@wismo/core'
import { type ApiContext, createTracking, listTrackings } from './api.ts'
import { type MapStatus, toUpdate } from './parse.ts'

export interface TrackContext extends ApiContext {
  map: MapStatus
  createMissing: boolean
}

/**
 * Track numbers: look them up in the account (`GET /trackings?tracking_numbers=`, 50 a request),
 * and create the ones AfterShip does not track yet (`POST /trackings`, courier detected unless
 * `slug` is set). A created tracking is usually `Pending` without checkpoints: its update has no
 * events yet, and AfterShip's webhooks (or the next poll) bring them. Numbers AfterShip refuses
 * (courier not detected, invalid number) are left out of the result.
 */
export async function trackNumbers(ctx: TrackContext, numbers: readonly string[]): Promise<TrackingUpdate[]> {
  const wanted = [...new Set(numbers.map(normalizeTrackingNumber))]
  const found = await listTrackings(ctx, wanted)
  const out: TrackingUpdate[] = []
  for (const number of wanted) {
    let tracking = found.get(number) ?? null
    if (!tracking && ctx.createMissing)
      tracking = await createTracking(ctx, number, { slug: ctx.options.slug })
    if (!tracking) {
      ctx.log.debug(
        { carrier: 'aftership', trackingNumber: number },
        'aftership has no tracking for this number',
      )
      continue
    }
    out.push(toUpdate(tracking, { map: ctx.map, log: ctx.log, source: 'poll', trackingNumber: number }))
  }
  return out
}
