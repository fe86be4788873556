import { type HttpClient, isWismoError, type Logger, normalizeTrackingNumber } from '@wismo/core'
import type { ResolvedAftershipOptions } from './options.ts'
import { readCreated, readTrackingList, wismoNumber } from './parse.ts'
import type { AftershipTracking } from './schema.ts'

/**
 * Most tracking numbers one `GET /trackings?tracking_numbers=` request takes.
 * @example numbers.length <= LIST_BATCH // one request
 */
export const LIST_BATCH = 50
/** Pages of one list request followed at most (one number tracked under several couriers). */
const MAX_PAGES = 5

/**
 * Path of the trackings collection in an API version.
 * @example trackingsPath('2026-07') // '/tracking/2026-07/trackings'
 */
export function trackingsPath(apiVersion: string): string {
  return `/tracking/${apiVersion}/trackings`
}

export interface ApiContext {
  http: HttpClient
  log: Logger
  options: Pick<ResolvedAftershipOptions, 'apiVersion' | 'slug'>
}

/**
 * The trackings AfterShip holds for these numbers (up to {@link LIST_BATCH} per request), one per
 * normalized number: the configured courier's when `slug` is set, else the latest updated.
 */
export async function listTrackings(
  ctx: ApiContext,
  numbers: readonly string[],
): Promise<Map<string, AftershipTracking>> {
  const found = new Map<string, AftershipTracking>()
  for (let i = 0; i < numbers.length; i += LIST_BATCH) {
    for (const t of await listBatch(ctx, numbers.slice(i, i + LIST_BATCH))) {
      const n = wismoNumber(t)
      if (!n || !numbers.includes(n)) continue
      const kept = found.get(n)
      if (!kept || better(t, kept, ctx.options.slug)) found.set(n, t)
    }
  }
  return found
}

async function listBatch(ctx: ApiContext, numbers: readonly string[]): Promise<AftershipTracking[]> {
  const out: AftershipTracking[] = []
  let cursor: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const searchParams: Record<string, string> = { tracking_numbers: numbers.join(',') }
    if (ctx.options.slug) searchParams.slug = ctx.options.slug
    if (cursor) searchParams.cursor = cursor
    const { data } = await ctx.http.request(trackingsPath(ctx.options.apiVersion), { searchParams })
    const { trackings, nextCursor } = readTrackingList(data)
    out.push(...trackings)
    if (!nextCursor) break
    cursor = nextCursor
  }
  return out
}

function better(a: AftershipTracking, b: AftershipTracking, slug: string | undefined): boolean {
  if (slug && (a.slug === slug) !== (b.slug === slug)) return a.slug === slug
  return (a.updated_at ?? '') > (b.updated_at ?? '')
}

/** What to send when creating a tracking besides the number. */
export interface CreateFields {
  slug?: string | undefined
  order_id?: string | undefined
  order_promised_delivery_date?: string | undefined
}

/**
 * Create a tracking (`POST /trackings`); AfterShip detects the courier when no slug is given.
 * Resolves with the new tracking, or `null` when AfterShip refuses the number (courier not
 * detected, invalid number: a 4xx) and it does not already exist. A refusal because it already
 * exists (another process created it) answers the existing tracking.
 */
export async function createTracking(
  ctx: ApiContext,
  number: string,
  fields: CreateFields = {},
): Promise<AftershipTracking | null> {
  const json = { tracking_number: number, ...definedOnly(fields) }
  try {
    const { data } = await ctx.http.request(trackingsPath(ctx.options.apiVersion), { method: 'POST', json })
    return readCreated(data)
  } catch (e) {
    if (!isWismoError(e) || (e.code !== 'CARRIER_REQUEST_REJECTED' && e.code !== 'CARRIER_NOT_FOUND')) throw e
    const existing = (await listTrackings(ctx, [normalizeTrackingNumber(number)])).get(number)
    if (existing) return existing
    ctx.log.debug(
      { carrier: 'aftership', trackingNumber: number, status: e.details?.status },
      'aftership refused to track this number (courier not detected or number invalid)',
    )
    return null
  }
}

function definedOnly(fields: CreateFields): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
}
