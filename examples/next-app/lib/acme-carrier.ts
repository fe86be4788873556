import {
  type Carrier,
  defineCarrier,
  type HmacHeaderOptions,
  hmacHeaderVerifier,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'

type Status = TrackingUpdate['events'][number]['status']

/** How Acme signs: `X-Acme-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
export const ACME_SIGNATURE: HmacHeaderOptions = {
  header: 'x-acme-signature',
  algorithm: 'SHA-256',
  encoding: 'hex',
  prefix: 'sha256=',
}

/** Acme's scan codes → Wismo milestones, as data. */
const STATUS_MAP: Record<string, Status> = {
  CRE: 'info_received',
  DEP: 'in_transit',
  OFD: 'out_for_delivery',
  NDA: 'attempt_failed',
  DEL: 'delivered',
  EXC: 'exception',
}

const unprocessable = (why: string) => new WismoError('WEBHOOK_UNPROCESSABLE', `Acme payload: ${why}`)
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/**
 * "Acme Couriers", a made-up regional courier that signs an HMAC of the raw body in one header.
 * The scheme has no timestamp, so it carries no replay protection of its own; ingest is
 * idempotent, so a replayed scan is stored once.
 * @example acmeCarrier({ webhookSecrets: ['new-secret', 'old-secret'] })
 */
export function acmeCarrier(options: { webhookSecrets: readonly string[] }): Carrier {
  const verify = hmacHeaderVerifier(ACME_SIGNATURE)
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

/** `{ "tracking_number": "...", "scans": [{ "id", "code", "description", "time" }] }`. */
function parseAcme(body: unknown): TrackingUpdate[] {
  if (!isRecord(body) || typeof body.tracking_number !== 'string' || !Array.isArray(body.scans))
    throw unprocessable('unexpected shape')
  const events = body.scans.map((scan: unknown) => {
    if (!isRecord(scan)) throw unprocessable('scan is not an object')
    const status = STATUS_MAP[String(scan.code)]
    if (!status) throw unprocessable(`unknown scan code ${String(scan.code).slice(0, 20)}`)
    return {
      status,
      rawCode: String(scan.code),
      rawText: String(scan.description ?? ''),
      occurredAt: String(scan.time),
      providerEventId: String(scan.id),
    }
  })
  return [{ carrier: 'acme', trackingNumber: body.tracking_number, source: 'webhook', events }]
}
