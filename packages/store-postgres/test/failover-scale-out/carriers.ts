/**
 * The two adapters of the failover proof, both against the fake API on loopback: the primary
 * carrier's own tracking endpoint, and an aggregator that tracks the same numbers through its own
 * path and shape. Each request says which worker sent it, in which round, and how that worker's
 * primary breaker stood, so the fake API can classify every call it sees.
 */
import { defineCarrier, type Status, type TrackingUpdate } from '@wismo/core'
import { AGGREGATOR, PRIMARY } from './protocol.ts'

export interface CallTag {
  worker: string
  round: number
  breaker: string
}

const STATUS: Record<string, Status> = { PU: 'in_transit', AR: 'in_transit', OD: 'out_for_delivery' }

interface PrimaryAnswer {
  number: string
  activity: { code: string; description: string; time: string }[]
}
interface AggregatorAnswer {
  id: string
  tracking_code: string
  details: { status_code: string; message: string; datetime: string }[]
}

const headers = (tag: CallTag) => ({
  'x-worker': tag.worker,
  'x-round': String(tag.round),
  'x-breaker': tag.breaker,
})

export function failoverCarriers(baseUrl: string, tag: () => CallTag) {
  const primary = defineCarrier({
    id: PRIMARY,
    capabilities: { track: true },
    http: () => ({ baseUrl, retries: 0, timeoutMs: 60_000 }),
    setup: (_opts, { http }) => ({
      track: async (numbers) => {
        const out: TrackingUpdate[] = []
        for (const n of numbers) {
          const { data } = await http.request<PrimaryAnswer>(`/primary/v1/track/${n}`, {
            headers: headers(tag()),
          })
          out.push({
            carrier: PRIMARY,
            trackingNumber: data.number,
            carrierShipmentId: null,
            source: 'poll',
            events: data.activity.map((a) => ({
              status: STATUS[a.code] ?? 'in_transit',
              rawCode: a.code,
              rawText: a.description,
              occurredAt: a.time,
            })),
          })
        }
        return out
      },
    }),
  })
  const aggregator = defineCarrier({
    id: AGGREGATOR,
    capabilities: { track: true },
    http: () => ({ baseUrl, retries: 0, timeoutMs: 60_000 }),
    setup: (_opts, { http }) => ({
      track: async (numbers) => {
        const out: TrackingUpdate[] = []
        for (const n of numbers) {
          const { data } = await http.request<AggregatorAnswer>('/aggregator/trackers', {
            searchParams: { carrier: PRIMARY, tracking_code: n },
            headers: headers(tag()),
          })
          out.push({
            carrier: AGGREGATOR,
            trackingNumber: data.tracking_code,
            carrierShipmentId: data.id,
            source: 'poll',
            events: data.details.map((d) => ({
              status: STATUS[d.status_code] ?? 'in_transit',
              rawCode: d.status_code,
              rawText: d.message,
              occurredAt: d.datetime,
            })),
          })
        }
        return out
      },
    }),
  })
  return [primary(), aggregator()]
}
