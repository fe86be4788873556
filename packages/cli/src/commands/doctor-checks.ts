import { isWismoError, type Wismo, WismoError } from '@wismo/core'
import { LATEST_VERSION as PG_LATEST, type PostgresClient } from '@wismo/store-postgres'
import { z } from 'zod'

/** One line of the doctor's report. `skip`: not applicable, or not checkable from here (the message says which). */
export interface Check {
  name: string
  status: 'ok' | 'warn' | 'fail' | 'skip'
  message: string
  code?: string
}

/**
 * What a config file may also export, by the name `doctor`, for checks the instance cannot do
 * itself: the PostgreSQL client its store uses (the store does not expose it), so the doctor can
 * read the schema version and the database clock.
 */
export const DoctorExportSchema = z
  .object({
    postgres: z
      .object({
        client: z.custom<PostgresClient>(
          (v) => typeof (v as { query?: unknown } | null)?.query === 'function',
          'expected a pg.Pool or a client with query()',
        ),
        schema: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,62}$/)
          .default('wismo'),
      })
      .strict()
      .optional(),
  })
  .strict()

export type DoctorExport = z.output<typeof DoctorExportSchema>

/** Over this much difference between this machine's clock and the database's, warn. */
const SKEW_WARN_MS = 2000
/** How long a store or database call may take before the doctor calls it unreachable. */
const TIMEOUT_MS = 10_000

/** A failed check; a driver's uncoded error (from the doctor's own queries) is `STORE_UNAVAILABLE`. */
export const failed = (name: string, e: unknown, fallback = 'STORE_UNAVAILABLE'): Check => ({
  name,
  status: 'fail',
  code: isWismoError(e) ? e.code : fallback,
  message: (e as Error)?.message ?? String(e),
})

/** A cheap call through the store (`outboxStats`): proves it opens, answers and is migrated. */
export async function storeCheck(wismo: Wismo): Promise<Check> {
  try {
    const stats = await withTimeout(wismo.store.outboxStats({ now: new Date().toISOString() }))
    return {
      name: 'store',
      status: 'ok',
      message: `${wismo.store.id} store answers (outbox depth ${stats.depth})`,
    }
  } catch (e) {
    return failed('store', e)
  }
}

/** Whether the schema is at the version this code needs, as far as it can be known from here. */
export async function migrationsCheck(
  wismo: Wismo,
  extra: DoctorExport,
  store: Check | undefined,
): Promise<Check> {
  const name = 'migrations'
  const id = wismo.store.id
  if (id === 'memory') return { name, status: 'skip', message: 'n/a: the memory store has no schema' }
  if (id === 'postgres' && extra.postgres) {
    try {
      const found = await pgVersion(extra.postgres.client, extra.postgres.schema)
      const { schema } = extra.postgres
      if (found === PG_LATEST)
        return { name, status: 'ok', message: `schema "${schema}" at version ${found}` }
      if (found > PG_LATEST)
        return {
          name,
          status: 'fail',
          code: 'STORE_SCHEMA_TOO_NEW',
          message: `schema "${schema}" at version ${found}, newer than this code (${PG_LATEST}): upgrade wismo`,
        }
      return {
        name,
        status: 'warn',
        message: `schema "${schema}" at version ${found}, this code needs ${PG_LATEST}: run \`wismo migrate\` (a store with migrate: false refuses it; the default migrates on first use)`,
      }
    } catch (e) {
      return failed(name, e)
    }
  }
  // The SQLite store checks (or applies) migrations when it opens, the PostgreSQL store before its
  // first statement: a store call that succeeded means the schema is the one this code needs.
  if (store?.status === 'ok')
    return {
      name,
      status: 'ok',
      message: `${id} store answered: its schema is the version this code needs (checked, or migrated unless migrate: false, when it opened)`,
    }
  return { name, status: 'skip', message: 'not checked: the store did not answer' }
}

/** `SELECT now()` against this machine's clock (PostgreSQL only; SQLite runs on this clock). */
export async function clockCheck(wismo: Wismo, extra: DoctorExport): Promise<Check> {
  const name = 'clock'
  if (wismo.store.id !== 'postgres')
    return { name, status: 'skip', message: `n/a: the ${wismo.store.id} store uses this machine's clock` }
  if (!extra.postgres)
    return {
      name,
      status: 'skip',
      message:
        'not checked: export `doctor = { postgres: { client: pool } }` from the config to compare clocks',
    }
  try {
    const before = Date.now()
    const result = await withTimeout(extra.postgres.client.query('SELECT now() AS now'))
    const local = (before + Date.now()) / 2
    const db = new Date((result.rows[0] as { now: string | Date }).now).getTime()
    const skew = Math.round(db - local)
    const status = Math.abs(skew) > SKEW_WARN_MS ? 'warn' : 'ok'
    return { name, status, message: `database clock ${skew >= 0 ? '+' : ''}${skew} ms from this machine's` }
  } catch (e) {
    return failed(name, e)
  }
}

/** The carriers configured and their breakers; credentials are not checked (no carrier offers a free check). */
export function carriersCheck(wismo: Wismo): Check {
  const carriers = [...wismo.carriers.values()]
  const parts = carriers.map((c) => {
    const can = [c.capabilities.track && 'track', c.capabilities.webhooks && 'webhooks'].filter(Boolean)
    return `${c.id} (${can.join('+') || 'no track/webhooks'}, breaker ${wismo.breakerState(c.id)})`
  })
  const open = carriers.filter((c) => wismo.breakerState(c.id) !== 'closed')
  return {
    name: 'carriers',
    status: carriers.length === 0 || open.length > 0 ? 'warn' : 'ok',
    message: `${parts.join(', ') || 'none configured'}; credentials not checked (that would send a tracking request)`,
  }
}

/** Which channels have providers and which triggers notify. */
export function notificationsCheck(wismo: Wismo): Check {
  const settings = wismo.notifications.settings()
  if (!settings)
    return { name: 'notifications', status: 'warn', message: 'not configured: customers get no messages' }
  return {
    name: 'notifications',
    status: settings.channels.length > 0 ? 'ok' : 'warn',
    message: `channels: ${settings.channels.join(', ') || 'none'}; triggers: ${settings.triggers.join(', ') || 'none'}`,
  }
}

async function pgVersion(client: PostgresClient, schema: string): Promise<number> {
  const exists = await withTimeout(
    client.query('SELECT to_regclass($1) AS t', [`"${schema}".wismo_migrations`]),
  )
  if (!(exists.rows[0] as { t: unknown }).t) return 0
  const result = await withTimeout(
    client.query(`SELECT coalesce(max(version), 0)::int AS v FROM "${schema}".wismo_migrations`),
  )
  return Number((result.rows[0] as { v: number }).v)
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WismoError('STORE_UNAVAILABLE', `no answer within ${TIMEOUT_MS / 1000} s`)),
      TIMEOUT_MS,
    )
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}
