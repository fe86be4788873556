import {
  type Carrier,
  defineCarrier,
  standardWebhooksVerifier,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'

type Status = TrackingUpdate['events'][number]['status']

/** Acme's scan codes → Wismo milestones. Data, not code: extend the table, not a switch. */
const STATUS_MAP: Record<string, Status> = {
  CRE: 'info_received',
  DEP: 'in_transit',
  ARR: 'in_transit',
  OFD: 'out_for_delivery',
  NDA: 'attempt_failed',
  DEL: 'delivered',
  EXC: 'exception',
}

interface AcmeScan {
  id: string
  code: string
  description: string
  time: string
}

const unprocessable = (why: string) => new WismoError('WEBHOOK_UNPROCESSABLE', `Acme payload: ${why}`)
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/**
 * "Acme Couriers", a made-up regional courier that pushes one scan per webhook, signed with
 * Standard Webhooks. Pass every active secret: during a rotation, the new one and the old one.
 * @example acmeCarrier({ webhookSecrets: [process.env.ACME_WEBHOOK_SECRET!] })
 */
export function acmeCarrier(options: { webhookSecrets: readonly string[] }): Carrier {
  const verify = standardWebhooksVerifier({ toleranceSec: 300 })
  return defineCarrier({
    id: 'acme',
    name: 'Acme Couriers',
    capabilities: { track: false, webhooks: true },
    setup: () => ({
      track: async () => [],
      webhook: { verify: (req) => verify(req, options.webhookSecrets), parse: parseAcme },
    }),
  })()
}

/** `{ "tracking_number": "...", "scan": { "id", "code", "description", "time" } }` → one update. */
function parseAcme(body: unknown): TrackingUpdate[] {
  if (!isRecord(body) || typeof body.tracking_number !== 'string' || !isRecord(body.scan))
    throw unprocessable('unexpected shape')
  const scan = body.scan as Partial<AcmeScan>
  const status = STATUS_MAP[String(scan.code)]
  if (!status) throw unprocessable(`unknown scan code ${String(scan.code).slice(0, 20)}`)
  const event = {
    status,
    rawCode: String(scan.code),
    rawText: String(scan.description ?? ''),
    occurredAt: String(scan.time),
    providerEventId: String(scan.id),
  }
  return [{ carrier: 'acme', trackingNumber: body.tracking_number, source: 'webhook', events: [event] }]
}
