import { TERMINAL_STATUSES, WismoError } from '@wismo/core'
import { type Db, type PostgresClient, pgError, type Sql, toDb } from './db.ts'

/** One versioned schema step: statements run in order, in one transaction with the others. */
export interface PostgresMigration {
  version: number
  name: string
  /** SQL statements for a (quoted) schema name. Append-only: never edit a released step. */
  steps: (schema: string) => string[]
}

/** Columns that order or key rows use the "C" collation: byte order, the same as JavaScript's `<` on ASCII. */
const TERMINAL = TERMINAL_STATUSES.map((s) => `'${s}'`).join(', ')

export const MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    steps: (s) => [
      `CREATE TABLE ${s}.orders (id text COLLATE "C" PRIMARY KEY, customer jsonb NOT NULL, preferences jsonb NOT NULL,
        metadata jsonb NOT NULL, created_at text NOT NULL)`,
      `CREATE TABLE ${s}.shipments (
        id text COLLATE "C" PRIMARY KEY, order_id text COLLATE "C", carrier text COLLATE "C" NOT NULL,
        tracking_number text COLLATE "C" NOT NULL, carrier_shipment_id text COLLATE "C", service text, origin jsonb,
        destination jsonb, direction text NOT NULL, status text NOT NULL, sub_status text, status_changed_at text,
        last_event_at text, eta jsonb, promised_date text, metadata jsonb NOT NULL, version integer NOT NULL,
        created_at text NOT NULL, updated_at text NOT NULL, list_key text COLLATE "C" NOT NULL,
        poll_at text, poll_at_ms bigint, poll_owner text, poll_until_ms bigint NOT NULL DEFAULT 0)`,
      `CREATE UNIQUE INDEX shipments_identity ON ${s}.shipments (carrier, tracking_number, coalesce(carrier_shipment_id, ''))`,
      `CREATE INDEX shipments_list ON ${s}.shipments (list_key)`,
      `CREATE INDEX shipments_order ON ${s}.shipments (order_id, list_key)`,
      `CREATE INDEX shipments_status ON ${s}.shipments (status)`,
      `CREATE INDEX shipments_due ON ${s}.shipments (poll_at_ms, id) WHERE poll_at_ms IS NOT NULL AND status NOT IN (${TERMINAL})`,
      `CREATE TABLE ${s}.events (
        shipment_id text COLLATE "C" NOT NULL REFERENCES ${s}.shipments (id) ON DELETE CASCADE,
        dedup_key text COLLATE "C" NOT NULL, occurred_at text NOT NULL, occurred_ms bigint NOT NULL, status text NOT NULL,
        sub_status text, raw_code text NOT NULL, raw_text text NOT NULL, location jsonb, provider_event_id text,
        received_at text NOT NULL, source text NOT NULL, PRIMARY KEY (shipment_id, dedup_key))`,
      `CREATE INDEX events_history ON ${s}.events (shipment_id, occurred_ms, dedup_key)`,
      `CREATE TABLE ${s}.outbox (
        id text COLLATE "C" PRIMARY KEY, idempotency_key text COLLATE "C" NOT NULL UNIQUE, shipment_id text COLLATE "C",
        topic text NOT NULL, payload jsonb NOT NULL, state text NOT NULL, attempts integer NOT NULL DEFAULT 0,
        available_at text NOT NULL, available_ms bigint NOT NULL, lease_owner text, lease_until_ms bigint,
        last_error text, provider_message_id text, created_at text COLLATE "C" NOT NULL, completed_at text)`,
      `CREATE INDEX outbox_claimable ON ${s}.outbox (available_ms, id) WHERE state = 'pending'`,
      `CREATE INDEX outbox_created ON ${s}.outbox (created_at, id)`,
      `CREATE INDEX outbox_shipment ON ${s}.outbox (shipment_id, created_at, id)`,
      `CREATE TABLE ${s}.preferences (recipient text PRIMARY KEY, preferences jsonb NOT NULL)`,
      `CREATE TABLE ${s}.deliveries (shipment_id text COLLATE "C" PRIMARY KEY, carrier text NOT NULL, service text,
        origin_region text, destination_region text, delivered_at text COLLATE "C" NOT NULL, record jsonb NOT NULL)`,
      `CREATE INDEX deliveries_time ON ${s}.deliveries (delivered_at, shipment_id)`,
      `CREATE INDEX deliveries_lane ON ${s}.deliveries (carrier, service, origin_region, destination_region, delivered_at)`,
    ],
  },
  {
    version: 2,
    name: 'shipment ETA features',
    steps: (s) => [`ALTER TABLE ${s}.shipments ADD COLUMN features jsonb`],
  },
  {
    version: 3,
    name: 'parcel identity and pieces',
    // One shipment per parcel: parcels sharing a carrier + number are numbered (0 for the first),
    // so concurrent creators of one number collide on the index; a carrier id is held once.
    steps: (s) => [
      `ALTER TABLE ${s}.shipments ADD COLUMN parcel_seq integer NOT NULL DEFAULT 0`,
      `ALTER TABLE ${s}.shipments ADD COLUMN pieces jsonb`,
      `ALTER TABLE ${s}.events ADD COLUMN piece text`,
      `UPDATE ${s}.shipments x SET parcel_seq = r.seq FROM (SELECT id, row_number() OVER
        (PARTITION BY carrier, tracking_number ORDER BY list_key) - 1 AS seq FROM ${s}.shipments) r
        WHERE x.id = r.id AND r.seq > 0`,
      `DROP INDEX ${s}.shipments_identity`,
      `CREATE UNIQUE INDEX shipments_parcel ON ${s}.shipments (carrier, tracking_number, parcel_seq)`,
      `CREATE UNIQUE INDEX shipments_carrier_id ON ${s}.shipments (carrier, tracking_number, carrier_shipment_id)
        WHERE carrier_shipment_id IS NOT NULL`,
    ],
  },
  {
    version: 4,
    name: 'token buckets',
    // Carrier rate budgets shared by every process on the database: one row per bucket, holding
    // the instant it would be full again (see `takeFromBucket` in @wismo/core/sql) and whether
    // the last take got a token (what `RETURNING` answers).
    steps: (s) => [
      `CREATE TABLE ${s}.token_buckets (bucket text COLLATE "C" PRIMARY KEY, full_at_ms double precision NOT NULL,
        last_granted boolean NOT NULL)`,
    ],
  },
  {
    version: 5,
    name: 'label requests',
    // `createShipment`'s request rows: kept whole as JSON, keyed by the request key, with the order
    // id beside it for lookups by order.
    steps: (s) => [
      `CREATE TABLE ${s}.label_requests (key text COLLATE "C" PRIMARY KEY, order_id text COLLATE "C" NOT NULL,
        record jsonb NOT NULL)`,
      `CREATE INDEX label_requests_order ON ${s}.label_requests (order_id)`,
    ],
  },
  {
    version: 6,
    name: 'scan origin',
    // The adapter that brought a scan filed under another carrier (aggregator, failover).
    steps: (s) => [`ALTER TABLE ${s}.events ADD COLUMN via text`],
  },
  {
    version: 7,
    name: 'feedback',
    // A customer's rating of a delivered shipment, one row per shipment. `list_key` orders the
    // listing: updatedAt as fixed-width ms, then the shipment id.
    steps: (s) => [
      `CREATE TABLE ${s}.feedback (shipment_id text COLLATE "C" PRIMARY KEY, order_id text COLLATE "C",
        rating integer NOT NULL, comment text, created_at text NOT NULL, updated_at text NOT NULL,
        list_key text COLLATE "C" NOT NULL)`,
      `CREATE INDEX feedback_list ON ${s}.feedback (list_key)`,
    ],
  },
  {
    version: 8,
    name: 'poll lease owners',
    // `releaseLeases` finds a worker's polls by owner; only polls leased right now have one, so
    // the index stays small however many shipments there are.
    steps: (s) => [
      `CREATE INDEX shipments_poll_owner ON ${s}.shipments (poll_owner) WHERE poll_owner IS NOT NULL`,
    ],
  },
  {
    version: 9,
    name: 'support archive and search',
    // Carrier payloads as they arrived (one row each, linked to the shipments they changed) and
    // the outbox rows' attempt log, both pruned by age; indexes for support search by tracking
    // number at any carrier and by customer e-mail (the expression core's `emailKey` computes).
    steps: (s) => [
      `CREATE TABLE ${s}.raw_payloads (id text COLLATE "C" PRIMARY KEY, source text NOT NULL,
        carrier text NOT NULL, received_at text NOT NULL, received_ms bigint NOT NULL, content_type text,
        body text NOT NULL, truncated boolean NOT NULL)`,
      `CREATE INDEX raw_payloads_age ON ${s}.raw_payloads (received_ms)`,
      `CREATE TABLE ${s}.raw_payload_links (shipment_id text COLLATE "C" NOT NULL,
        payload_id text COLLATE "C" NOT NULL, PRIMARY KEY (shipment_id, payload_id))`,
      `CREATE INDEX raw_payload_links_payload ON ${s}.raw_payload_links (payload_id)`,
      `CREATE TABLE ${s}.outbox_log (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        outbox_id text COLLATE "C" NOT NULL, at text NOT NULL, at_ms bigint NOT NULL, worker_id text NOT NULL,
        kind text NOT NULL, text text NOT NULL)`,
      `CREATE INDEX outbox_log_row ON ${s}.outbox_log (outbox_id, seq)`,
      `CREATE INDEX outbox_log_age ON ${s}.outbox_log (at_ms)`,
      `CREATE INDEX shipments_number ON ${s}.shipments (tracking_number)`,
      `CREATE INDEX orders_email ON ${s}.orders (lower(btrim(customer->>'email') COLLATE "C"))`,
    ],
  },
]

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0
const TABLES = [
  'orders',
  'shipments',
  'events',
  'outbox',
  'preferences',
  'deliveries',
  'token_buckets',
  'label_requests',
  'feedback',
  'raw_payloads',
  'raw_payload_links',
  'outbox_log',
]

export interface MigrateResult {
  schema: string
  from: number
  to: number
  applied: number[]
}

/** A schema name safe to splice into SQL: lower-case letters, digits and `_`. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new WismoError('CONFIG_INVALID', 'postgresStore: `schema` must match /^[a-z_][a-z0-9_]{0,62}$/')
  return `"${schema}"`
}

/**
 * Bring a schema to the newest version in one transaction, under an advisory lock so that many
 * processes starting together migrate once. Refuses a schema newer than this code
 * (`STORE_SCHEMA_TOO_NEW`) and tables of another application (`STORE_CORRUPT`), writing nothing.
 * @example await migrate(pool, { schema: 'wismo' }) // { schema: 'wismo', from: 0, to: 1, applied: [1] }
 */
export function migrate(client: PostgresClient, options: { schema?: string } = {}): Promise<MigrateResult> {
  // One-off DDL and checks: nothing worth preparing on the pool's connections.
  return migrateDb(toDb(client, { prepared: false }), options.schema ?? 'wismo')
}

export async function migrateDb(db: Db, schema: string): Promise<MigrateResult> {
  const quoted = quoteSchema(schema)
  try {
    return await db.tx(async (sql) => {
      await sql('SELECT pg_advisory_xact_lock(hashtext($1))', [`wismo:migrate:${schema}`])
      const exists = await sql('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
      if (exists.length === 0) await sql(`CREATE SCHEMA ${quoted}`)
      const from = await recordedVersion(sql, schema, quoted, true)
      const pending = MIGRATIONS.filter((m) => m.version > from)
      for (const m of pending) {
        for (const step of m.steps(quoted)) await sql(step)
        await sql(`INSERT INTO ${quoted}.wismo_migrations (version, name) VALUES ($1, $2)`, [
          m.version,
          m.name,
        ])
      }
      return { schema, from, to: Math.max(from, LATEST_VERSION), applied: pending.map((m) => m.version) }
    })
  } catch (e) {
    throw pgError(e, 'migrate')
  }
}

/** Check without writing that the schema is exactly at the version this code needs. */
export async function checkSchema(db: Db, schema: string): Promise<void> {
  const found = await recordedVersion(db.query, schema, quoteSchema(schema), false)
  if (found < LATEST_VERSION)
    throw new WismoError(
      'CONFIG_INVALID',
      `PostgreSQL schema "${schema}" is at version ${found}, this code needs ${LATEST_VERSION}: run \`wismo migrate\` or pass \`migrate: true\`.`,
      {
        details: { found, supported: LATEST_VERSION },
      },
    )
}

async function recordedVersion(sql: Sql, schema: string, quoted: string, create: boolean): Promise<number> {
  const tables = (
    await sql('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1', [schema])
  ).map((r) => String(r.name))
  if (!tables.includes('wismo_migrations')) {
    const clash = tables.filter((t) => TABLES.includes(t))
    if (clash.length)
      throw new WismoError(
        'STORE_CORRUPT',
        `PostgreSQL schema "${schema}" already has tables Wismo did not create (${clash.join(', ')}); pass another \`schema\`.`,
        {
          details: { reason: 'foreign', tables: clash },
        },
      )
    if (!create) return 0
    await sql(
      `CREATE TABLE ${quoted}.wismo_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    )
  }
  const [row] = await sql(`SELECT coalesce(max(version), 0)::int AS v FROM ${quoted}.wismo_migrations`)
  const found = Number(row?.v ?? 0)
  if (found > LATEST_VERSION)
    throw new WismoError(
      'STORE_SCHEMA_TOO_NEW',
      `PostgreSQL schema "${schema}" is at version ${found}; this code knows up to ${LATEST_VERSION}. Upgrade @wismo/store-postgres.`,
      {
        details: { found, supported: LATEST_VERSION },
      },
    )
  return found
}
