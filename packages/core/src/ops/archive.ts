import { z } from 'zod'
import type { WismoStore } from '../store/contract.ts'
import { RAW_BODY_MAX } from '../store/ops.ts'
import { newId } from '../util/ids.ts'
import type { ArchivedWebhook } from '../webhooks/handler.ts'

/**
 * `createWismo({ archive })`: keep carrier payloads that changed shipments (for the ops dashboard
 * and `wismo replay`), and for how long. Payloads hold personal data (names, addresses), so keep
 * them no longer than support needs; the runtime prunes them hourly.
 * @example createWismo({ carriers, archive: { payloads: true, retentionMs: 14 * 86_400_000 } })
 */
export const ArchiveOptionsSchema = z
  .object({
    /** Archive webhook bodies that changed a shipment (default `true`). */
    payloads: z.boolean().default(true),
    /** Age after which payloads and notification attempt logs are pruned (default 30 days, at least 1 hour). */
    retentionMs: z
      .number()
      .int()
      .min(3_600_000)
      .max(10 * 365 * 86_400_000)
      .default(30 * 86_400_000),
  })
  .strict()

export type ArchiveOptions = z.input<typeof ArchiveOptionsSchema>
export type ArchiveSettings = z.output<typeof ArchiveOptionsSchema>

const utf8 = new TextDecoder('utf-8')

/** The handler's archive hook: decode the body (cut at `RAW_BODY_MAX` units) and store it. */
export function webhookArchive(store: WismoStore, now: () => Date) {
  return async (payload: ArchivedWebhook): Promise<void> => {
    const text = utf8.decode(payload.body)
    await store.archivePayload({
      id: newId('raw'),
      source: 'webhook',
      carrier: payload.carrier,
      receivedAt: now().toISOString(),
      contentType: payload.contentType?.slice(0, 200) ?? null,
      body: text.length > RAW_BODY_MAX ? text.slice(0, RAW_BODY_MAX) : text,
      truncated: text.length > RAW_BODY_MAX,
      shipmentIds: payload.shipmentIds,
    })
  }
}

/** One prune pass: delete archived payloads and log lines past retention, in batches. */
export async function pruneArchive(
  store: WismoStore,
  settings: ArchiveSettings,
  now: () => Date,
  signal?: AbortSignal,
): Promise<{ payloads: number; logEntries: number }> {
  const before = new Date(now().getTime() - settings.retentionMs).toISOString()
  const total = { payloads: 0, logEntries: 0 }
  for (let round = 0; round < 100 && !signal?.aborted; round++) {
    const done = await store.pruneArchive({ before, limit: 1000 })
    total.payloads += done.payloads
    total.logEntries += done.logEntries
    if (done.payloads < 1000 && done.logEntries < 1000) break
  }
  return total
}
