import {
  type Carrier,
  defineCarrier,
  type MappedStatus,
  type StatusTable,
  standardWebhooksVerifier,
  statusMapper,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'

/** Harbor's scan codes → Wismo milestones: a table, so a new code is one line. */
const HARBOR_STATUS: StatusTable = {
  REG: { status: 'info_received', subStatus: 'label_created' },
  COL: { status: 'in_transit', subStatus: 'picked_up' },
  HUB: { status: 'in_transit', subStatus: 'arrived_at_facility' },
  OUT: { status: 'out_for_delivery' },
  MIS: { status: 'attempt_failed', subStatus: 'recipient_unavailable' },
  DLV: { status: 'delivered' },
}

/** One scan as Harbor pushes it. */
interface HarborScan {
  id: string
  code: string
  text: string
  at: string
}

/** Harbor's push: `{ "type": "parcel.scanned", "data": { "tracking_number", "scans": [...] } }`. */
interface HarborPush {
  type: 'parcel.scanned'
  data: { tracking_number: string; scans: HarborScan[] }
}

/** Options of {@link harborCarrier}. */
export interface HarborCarrierOptions {
  /** Active Standard Webhooks secrets (`whsec_…`), newest first; two during a rotation. */
  webhookSecrets: readonly string[]
}

/**
 * "Harbor Couriers", a made-up city courier that pushes its scans signed with Standard Webhooks
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`). Web Crypto only, so it runs on edge
 * runtimes. Harbor has no tracking API to poll: `track` answers nothing and Wismo relies on pushes.
 * This example has no zod, so options and payloads are checked by hand; an adapter package
 * declares a zod `options` schema and payload schemas, as examples/custom-carrier does.
 * @example harborCarrier({ webhookSecrets: ['whsec_…'] })
 */
export function harborCarrier(options: HarborCarrierOptions): Carrier {
  if (options.webhookSecrets.length === 0 || options.webhookSecrets.some((s) => !s.startsWith('whsec_')))
    throw new WismoError('CONFIG_INVALID', 'harbor: webhookSecrets needs at least one whsec_… secret')
  const verify = standardWebhooksVerifier({ toleranceSec: 300 })
  return defineCarrier({
    id: 'harbor',
    name: 'Harbor Couriers',
    capabilities: { track: false, webhooks: true },
    setup: (_none, { log }) => {
      const map = statusMapper(HARBOR_STATUS, { carrier: 'harbor', log })
      return {
        track: async () => [],
        webhook: {
          verify: (request) => verify(request, options.webhookSecrets),
          parse: (body) => [toUpdate(harborPush(body), map)],
        },
      }
    },
  })()
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
const isScan = (v: unknown): v is HarborScan =>
  isRecord(v) && ['id', 'code', 'text', 'at'].every((k) => typeof v[k] === 'string')

/** The body as a Harbor push, or `WEBHOOK_UNPROCESSABLE`. */
function harborPush(body: unknown): HarborPush {
  const data = isRecord(body) && body.type === 'parcel.scanned' ? body.data : undefined
  const ok =
    isRecord(data) &&
    typeof data.tracking_number === 'string' &&
    Array.isArray(data.scans) &&
    data.scans.length > 0 &&
    data.scans.every(isScan)
  if (!ok) throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Not a Harbor parcel.scanned push')
  return body as HarborPush
}

const milestone = ({ status, subStatus }: MappedStatus) => ({ status, subStatus })

function toUpdate(push: HarborPush, map: ReturnType<typeof statusMapper>): TrackingUpdate {
  return {
    carrier: 'harbor',
    trackingNumber: push.data.tracking_number,
    source: 'webhook',
    events: push.data.scans.map((s) => ({
      // Only the milestone and sub-status: the mapper's `mapped` flag is no event field.
      ...milestone(map(s.code)),
      rawCode: s.code,
      rawText: s.text,
      occurredAt: s.at,
      providerEventId: s.id,
    })),
  }
}
