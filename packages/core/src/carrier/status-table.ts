import { z } from 'zod'
import { StatusSchema } from '../domain/schemas.ts'
import type { Status } from '../domain/status.ts'
import type { Logger } from '../logger.ts'

/** Sub-status of a scan whose vendor code no table maps: kept, shown, never moves the milestone. */
export const UNMAPPED_SUB_STATUS = 'unmapped'

/** What one vendor code means in Wismo's terms. */
export interface StatusMapping {
  status: Status
  subStatus?: string | null
}

/**
 * A carrier's status table: vendor code, or `code:subCode` for a code that needs its sub-code,
 * → milestone and sub-status. Data kept in each adapter (`src/status-map.ts`).
 * @example const table: StatusTable = { DL: { status: 'delivered' }, 'DE:DAMAGED': { status: 'exception', subStatus: 'damaged' } }
 */
export type StatusTable = Readonly<Record<string, StatusMapping>>

/**
 * The host's overrides of a carrier's table, as adapters accept them in their options
 * (`upsCarrier({ …, statusOverrides: { '021': { status: 'in_transit' } } })`).
 * @example const overrides = StatusOverridesSchema.parse({ X1: { status: 'exception', subStatus: 'held' } })
 */
export const StatusOverridesSchema = z.record(
  z.string().min(1).max(100),
  z.object({ status: StatusSchema, subStatus: z.string().max(100).nullish() }).strict(),
)

/** The mapped status of one scan. */
export interface MappedStatus {
  status: Status
  subStatus: string | null
  /** False when no table knew the code (the scan then carries {@link UNMAPPED_SUB_STATUS}). */
  mapped: boolean
}

export interface StatusMapperOptions {
  /** The host's overrides, checked before the adapter's table. */
  overrides?: StatusTable | undefined
  /** Where the first sighting of each unmapped code is logged (once per code). */
  log?: Logger
  /** Carrier id, for the log line. */
  carrier: string
}

/**
 * Map vendor codes through the host's overrides, then the adapter's table (`code:subCode` before
 * `code`). An unknown code never throws: the scan gets `fallback` (default `in_transit`) as its
 * milestone for display and the sub-status {@link UNMAPPED_SUB_STATUS}, which the state rules
 * skip, so it does not move the shipment's milestone; each unknown code is logged once.
 * @example
 * const map = statusMapper(UPS_STATUS, { carrier: 'ups', overrides, log })
 * map('D', 'FS') // { status: 'delivered', subStatus: null, mapped: true }
 */
export function statusMapper(table: StatusTable, options: StatusMapperOptions) {
  const seen = new Set<string>()
  return (code: string, subCode?: string | null, fallback: Status = 'in_transit'): MappedStatus => {
    const keys = subCode ? [`${code}:${subCode}`, code] : [code]
    for (const source of [options.overrides, table]) {
      for (const key of keys) {
        // Own keys only: a vendor code like `constructor` must not find Object.prototype's.
        const hit = source && Object.hasOwn(source, key) ? source[key] : undefined
        if (hit) return { status: hit.status, subStatus: hit.subStatus ?? null, mapped: true }
      }
    }
    const key = keys[0] as string
    if (!seen.has(key)) {
      seen.add(key)
      options.log?.warn(
        { carrier: options.carrier, code, subCode: subCode ?? null },
        'unmapped carrier status code',
      )
    }
    return { status: fallback, subStatus: UNMAPPED_SUB_STATUS, mapped: false }
  }
}
