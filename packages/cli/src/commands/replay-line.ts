import {
  type Carrier,
  isWismoError,
  parseJsonBody,
  type RawWebhookRequest,
  type Wismo,
  WismoError,
} from '@wismo/core'
import { z } from 'zod'

/**
 * One saved delivery, one JSON object per line of a replay file: the carrier's id, the request
 * headers, and the body exactly as received (`body` as text, or `bodyBase64` for bytes).
 */
const SavedDeliverySchema = z
  .object({
    carrier: z.string().min(1),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional(),
    bodyBase64: z.string().base64().optional(),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((d) => (d.body === undefined) !== (d.bodyBase64 === undefined), {
    message: 'give exactly one of body or bodyBase64',
  })

/** What one line added: updates ingested, of them how many stored new events, and the new events. */
export interface LineOutcome {
  updates: number
  unchanged: number
  newEvents: number
}

/**
 * Re-ingest one saved delivery: parsed by the carrier's own `webhook.parse`, then `wismo.ingest`.
 * The signature and the replay guard are skipped on purpose: a saved delivery's signature is
 * stale, and ingest is idempotent, so a scan already stored adds nothing.
 */
export async function replayLine(wismo: Wismo, text: string): Promise<LineOutcome> {
  const saved = parseLine(text)
  const carrier = wismo.carriers.get(saved.carrier)
  if (!carrier)
    throw new WismoError('CARRIER_UNKNOWN', `no carrier "${saved.carrier}" in this config`, {
      details: { carrier: saved.carrier },
    })
  const webhook = carrier.webhook
  if (!webhook) throw new WismoError('CARRIER_UNSUPPORTED', `carrier "${carrier.id}" takes no webhooks`)
  const body =
    saved.body !== undefined
      ? new TextEncoder().encode(saved.body)
      : Buffer.from(saved.bodyBase64 ?? '', 'base64')
  const raw: RawWebhookRequest = {
    method: 'POST',
    url: `http://replay.invalid/webhooks/${encodeURIComponent(carrier.id)}`,
    headers: new Headers(saved.headers),
    body: new Uint8Array(body),
  }
  const updates = await parseUpdates(carrier, parseJsonBody(raw.body), raw)
  const outcome: LineOutcome = { updates: 0, unchanged: 0, newEvents: 0 }
  for (const update of updates) {
    const result = await wismo.ingest(update)
    outcome.updates++
    outcome.newEvents += result.newEvents.length
    if (result.newEvents.length === 0) outcome.unchanged++
  }
  return outcome
}

function parseLine(text: string) {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new WismoError('INPUT_INVALID', 'not a JSON object')
  }
  const parsed = SavedDeliverySchema.safeParse(json)
  if (!parsed.success)
    throw new WismoError(
      'INPUT_INVALID',
      parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '),
    )
  return parsed.data
}

/** The carrier's parse, its failures coded as the webhook handler codes them. */
async function parseUpdates(carrier: Carrier, json: unknown, raw: RawWebhookRequest) {
  const webhook = carrier.webhook as NonNullable<Carrier['webhook']>
  const updates = await (async () => webhook.parse(json, raw))().catch((e: unknown) => {
    if (isWismoError(e) && e.code.startsWith('WEBHOOK_')) throw e
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'not a tracking update this carrier understands', {
      cause: e,
    })
  })
  for (const update of updates)
    if (update.carrier !== carrier.id)
      throw new WismoError('WEBHOOK_UNPROCESSABLE', 'the payload names another carrier')
  return updates
}
