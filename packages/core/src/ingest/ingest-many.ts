import { z } from 'zod'
import { parseInput } from '../define/options.ts'
import { toWismoError, type WismoError } from '../errors.ts'
import type { IngestOutcome, IngestResult } from './ingest.ts'

export const IngestManyOptionsSchema = z
  .object({
    /** Updates in flight at once, across shipments (default 32); one shipment's updates go one at a time, in order. */
    concurrency: z.number().int().min(1).max(256).default(32),
  })
  .strict()

export type IngestManyOptions = z.input<typeof IngestManyOptionsSchema>

/** What a batch did: how many updates had each outcome, and each failure with its update's index. */
export type IngestManyReport = Record<IngestOutcome | 'failed', number> & {
  failures: { index: number; error: WismoError }[]
}

/**
 * Apply many updates (a backfill, an import, a poll of many numbers): each exactly as
 * `wismo.ingest` would, the updates of one shipment one after another in the order given, different
 * shipments `concurrency` at a time, so a store that commits concurrent writes together (SQLite,
 * PostgreSQL) needs far fewer syncs than one update at a time. One update's failure (bad input, a
 * lost race after every retry) is reported with its index and the others go on.
 */
export async function ingestMany(
  ingest: (update: unknown) => Promise<IngestResult>,
  updates: readonly unknown[],
  options: IngestManyOptions = {},
): Promise<IngestManyReport> {
  const { concurrency } = parseInput(IngestManyOptionsSchema, options, 'ingestMany options')
  const list = parseInput(z.array(z.unknown()), updates, 'ingestMany updates')
  const report: IngestManyReport = {
    created: 0,
    updated: 0,
    duplicate: 0,
    ignored: 0,
    failed: 0,
    failures: [],
  }
  const lanes = [...lanesOf(list).values()]
  let next = 0
  const worker = async () => {
    for (let lane = lanes[next++]; lane; lane = lanes[next++]) {
      for (const index of lane) {
        try {
          report[(await ingest(list[index])).outcome]++
        } catch (error) {
          report.failed++
          report.failures.push({ index, error: toWismoError(error, 'INTERNAL', 'ingest failed') })
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, lanes.length) }, worker))
  report.failures.sort((a, b) => a.index - b.index)
  return report
}

/** Indexes of the updates by shipment (carrier and number as given), each lane in the order given. */
function lanesOf(updates: readonly unknown[]): Map<string, number[]> {
  const lanes = new Map<string, number[]>()
  updates.forEach((update, index) => {
    const { carrier, trackingNumber } = (update ?? {}) as { carrier?: unknown; trackingNumber?: unknown }
    const key =
      typeof carrier === 'string' && typeof trackingNumber === 'string'
        ? `${carrier}\n${trackingNumber}`
        : `#${index}`
    const lane = lanes.get(key)
    if (lane) lane.push(index)
    else lanes.set(key, [index])
  })
  return lanes
}
