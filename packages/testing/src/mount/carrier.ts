import {
  defineCarrier,
  signStandardWebhook,
  standardWebhooksVerifier,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'

/** Id of {@link mountTestCarrier}; webhooks for it arrive at `<base>/mount-test`. */
export const MOUNT_TEST_CARRIER = 'mount-test'

/** The Standard Webhooks secret {@link mountTestCarrier} accepts. A test value, public on purpose. */
export const MOUNT_TEST_SECRET = 'whsec_bW91bnQtY29uZm9ybWFuY2Utc3VpdGUtc2VjcmV0'

type EventInput = TrackingUpdate['events'][number]

const unprocessable = () => new WismoError('WEBHOOK_UNPROCESSABLE', 'not a tracking.updated payload')
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A carrier that receives Standard Webhooks-signed JSON: `{ type: 'tracking.updated', data:
 * { number, scans: [{ id, status, at, text }] } }`. Extra top-level keys are allowed, so a test
 * can add odd values (`136.0`) and padding that only the signature notices.
 * @example createWismo({ carriers: [mountTestCarrier()] })
 */
export const mountTestCarrier = defineCarrier({
  id: MOUNT_TEST_CARRIER,
  capabilities: { track: true, webhooks: true },
  setup: () => {
    const verify = standardWebhooksVerifier({ toleranceSec: 300 })
    return {
      track: async () => [],
      webhook: { verify: (req) => verify(req, [MOUNT_TEST_SECRET]), parse: parsePayload },
    }
  },
})

function parsePayload(body: unknown): TrackingUpdate[] {
  if (!isRecord(body) || body.type !== 'tracking.updated' || !isRecord(body.data)) throw unprocessable()
  const { number, scans } = body.data
  if (typeof number !== 'string' || !Array.isArray(scans)) throw unprocessable()
  // Field values are checked by ingest (INPUT_INVALID → 422); only the shape is checked here.
  const events = scans.map((scan): EventInput => {
    if (!isRecord(scan)) throw unprocessable()
    const { id, status, at, text } = scan
    return {
      status: status as EventInput['status'],
      rawCode: String(status),
      rawText: String(text),
      occurredAt: String(at),
      providerEventId: String(id),
    }
  })
  return [{ carrier: MOUNT_TEST_CARRIER, trackingNumber: number, source: 'webhook', events }]
}

let sequence = 0

/**
 * Standard Webhooks headers for `body` signed with {@link MOUNT_TEST_SECRET} (or `secret`).
 * @example const headers = await signMountTestBody('{"type":"tracking.updated",...}')
 */
export async function signMountTestBody(
  body: string | Uint8Array,
  options: { secret?: string; id?: string } = {},
): Promise<Record<string, string>> {
  return signStandardWebhook({
    secret: options.secret ?? MOUNT_TEST_SECRET,
    id: options.id ?? `msg_mount_${++sequence}_${Date.now()}`,
    body,
  })
}

/**
 * A compact valid payload for {@link mountTestCarrier}: one `in_transit` scan of `number`.
 * @example const body = mountTestPayload('MT1', { pad: 'x'.repeat(5000) })
 */
export function mountTestPayload(number: string, extra: Record<string, unknown> = {}): string {
  const scan = {
    id: `${number}-1`,
    status: 'in_transit',
    at: '2026-03-01T10:00:00Z',
    text: 'Departed facility',
  }
  return JSON.stringify({ type: 'tracking.updated', data: { number, scans: [scan] }, ...extra })
}
