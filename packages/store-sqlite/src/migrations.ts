import { WismoError } from '@wismo/core'
import Database from 'better-sqlite3'
import { sqliteError } from './errors.ts'

/** One versioned schema step. Steps are append-only: never edit a released one, add the next. */
export interface SqliteMigration {
  version: number
  name: string
  sql: string
}

/** `PRAGMA application_id` of a Wismo database ("WISM"), so a foreign file is recognised. */
export const APPLICATION_ID = 0x5749534d

const TERMINAL = `('delivered', 'returned', 'cancelled')`

/** The schema, as data. Times are kept as the text given plus an integer ms key for ordering. */
export const MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE orders (
        id TEXT PRIMARY KEY, customer TEXT NOT NULL, preferences TEXT NOT NULL, metadata TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE shipments (
        id TEXT PRIMARY KEY, order_id TEXT, carrier TEXT NOT NULL, tracking_number TEXT NOT NULL,
        carrier_shipment_id TEXT, service TEXT, origin TEXT, destination TEXT, direction TEXT NOT NULL,
        status TEXT NOT NULL, sub_status TEXT, status_changed_at TEXT, last_event_at TEXT, eta TEXT,
        promised_date TEXT, metadata TEXT NOT NULL, version INTEGER NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        list_key TEXT NOT NULL,
        poll_at TEXT, poll_at_ms INTEGER, poll_owner TEXT, poll_until_ms INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE UNIQUE INDEX shipments_identity ON shipments (carrier, tracking_number, ifnull(carrier_shipment_id, ''));
      CREATE INDEX shipments_list ON shipments (list_key);
      CREATE INDEX shipments_order ON shipments (order_id, list_key);
      CREATE INDEX shipments_status ON shipments (status);
      CREATE INDEX shipments_due ON shipments (poll_at_ms, id)
        WHERE poll_at_ms IS NOT NULL AND status NOT IN ${TERMINAL};
      CREATE TABLE events (
        shipment_id TEXT NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
        dedup_key TEXT NOT NULL, occurred_at TEXT NOT NULL, occurred_ms INTEGER NOT NULL,
        status TEXT NOT NULL, sub_status TEXT, raw_code TEXT NOT NULL, raw_text TEXT NOT NULL,
        location TEXT, provider_event_id TEXT, received_at TEXT NOT NULL, source TEXT NOT NULL,
        PRIMARY KEY (shipment_id, dedup_key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX events_history ON events (shipment_id, occurred_ms, dedup_key);
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, shipment_id TEXT, topic TEXT NOT NULL,
        payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        available_at TEXT NOT NULL, available_ms INTEGER NOT NULL, lease_owner TEXT, lease_until_ms INTEGER,
        last_error TEXT, provider_message_id TEXT, created_at TEXT NOT NULL, completed_at TEXT
      ) STRICT;
      CREATE INDEX outbox_claimable ON outbox (available_ms, id) WHERE state = 'pending';
      CREATE INDEX outbox_created ON outbox (created_at, id);
      CREATE INDEX outbox_shipment ON outbox (shipment_id, created_at, id);
      CREATE TABLE preferences (recipient TEXT PRIMARY KEY, preferences TEXT NOT NULL) STRICT;
      CREATE TABLE deliveries (
        shipment_id TEXT PRIMARY KEY, carrier TEXT NOT NULL, service TEXT, origin_region TEXT,
        destination_region TEXT, delivered_at TEXT NOT NULL, record TEXT NOT NULL
      ) STRICT;
      CREATE INDEX deliveries_time ON deliveries (delivered_at, shipment_id);
      CREATE INDEX deliveries_lane ON deliveries (carrier, service, origin_region, destination_region, delivered_at);
    `,
  },
  {
    version: 2,
    name: 'shipment ETA features',
    sql: `ALTER TABLE shipments ADD COLUMN features TEXT;`,
  },
  {
    version: 3,
    name: 'parcel identity and pieces',
    // One shipment per parcel: parcels sharing a carrier + number are numbered (0 for the first),
    // so concurrent creators of one number collide on the index; a carrier id is held once.
    sql: `
      ALTER TABLE shipments ADD COLUMN parcel_seq INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE shipments ADD COLUMN pieces TEXT;
      ALTER TABLE events ADD COLUMN piece TEXT;
      UPDATE shipments SET parcel_seq = (SELECT count(*) FROM shipments o WHERE o.carrier = shipments.carrier
        AND o.tracking_number = shipments.tracking_number AND o.list_key < shipments.list_key);
      DROP INDEX shipments_identity;
      CREATE UNIQUE INDEX shipments_parcel ON shipments (carrier, tracking_number, parcel_seq);
      CREATE UNIQUE INDEX shipments_carrier_id ON shipments (carrier, tracking_number, carrier_shipment_id)
        WHERE carrier_shipment_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'token buckets',
    // Carrier rate budgets shared by every process using the file: one row per bucket, holding
    // the instant it would be full again (see `takeFromBucket` in @wismo/core/sql).
    sql: `CREATE TABLE token_buckets (bucket TEXT PRIMARY KEY, full_at_ms REAL NOT NULL) STRICT;`,
  },
  {
    version: 5,
    name: 'label requests',
    // `createShipment`'s request rows: kept whole as JSON, keyed by the request key, with the order
    // id beside it for lookups by order.
    sql: `CREATE TABLE label_requests (key TEXT PRIMARY KEY, order_id TEXT NOT NULL, record TEXT NOT NULL) STRICT;
      CREATE INDEX label_requests_order ON label_requests (order_id);`,
  },
  {
    version: 6,
    name: 'scan origin',
    // The adapter that brought a scan filed under another carrier (aggregator, failover).
    sql: `ALTER TABLE events ADD COLUMN via TEXT;`,
  },
  {
    version: 7,
    name: 'feedback',
    // A customer's rating of a delivered shipment, one row per shipment. `list_key` orders the
    // listing: updatedAt as fixed-width ms, then the shipment id.
    sql: `CREATE TABLE feedback (
        shipment_id TEXT PRIMARY KEY, order_id TEXT, rating INTEGER NOT NULL, comment TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, list_key TEXT NOT NULL
      ) STRICT;
      CREATE INDEX feedback_list ON feedback (list_key);`,
  },
  {
    version: 8,
    name: 'poll lease owners',
    // `releaseLeases` finds a worker's polls by owner; only polls leased right now have one, so
    // the index stays small however many shipments there are.
    sql: `CREATE INDEX shipments_poll_owner ON shipments (poll_owner) WHERE poll_owner IS NOT NULL;`,
  },
  {
    version: 9,
    name: 'support archive and search',
    // Carrier payloads as they arrived (one row each, linked to the shipments they changed) and
    // the outbox rows' attempt log, both pruned by age; indexes for support search by tracking
    // number at any carrier and by customer e-mail (the expression core's `emailKey` computes).
    sql: `CREATE TABLE raw_payloads (
        id TEXT PRIMARY KEY, source TEXT NOT NULL, carrier TEXT NOT NULL, received_at TEXT NOT NULL,
        received_ms INTEGER NOT NULL, content_type TEXT, body TEXT NOT NULL, truncated INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX raw_payloads_age ON raw_payloads (received_ms);
      CREATE TABLE raw_payload_links (
        shipment_id TEXT NOT NULL, payload_id TEXT NOT NULL, PRIMARY KEY (shipment_id, payload_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX raw_payload_links_payload ON raw_payload_links (payload_id);
      CREATE TABLE outbox_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, outbox_id TEXT NOT NULL, at TEXT NOT NULL, at_ms INTEGER NOT NULL,
        worker_id TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_log_row ON outbox_log (outbox_id, seq);
      CREATE INDEX outbox_log_age ON outbox_log (at_ms);
      CREATE INDEX shipments_number ON shipments (tracking_number);
      CREATE INDEX orders_email ON orders (lower(trim(json_extract(customer, '$.email'))));`,
  },
]

/** The newest schema version this code knows. */
export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0

export interface MigrateResult {
  from: number
  to: number
  applied: number[]
}

/**
 * Bring a SQLite database to the newest schema in one `IMMEDIATE` transaction, so two processes
 * opening one file never both migrate. Refuses a file of another application (`STORE_CORRUPT`)
 * and a schema newer than this code (`STORE_SCHEMA_TOO_NEW`) before writing anything.
 * @example migrate('./wismo.db') // { from: 0, to: 1, applied: [1] } (or pass an open better-sqlite3 Database)
 */
export function migrate(
  target: Database.Database | string,
  migrations: readonly SqliteMigration[] = MIGRATIONS,
): MigrateResult {
  let db: Database.Database | undefined
  try {
    db = typeof target === 'string' ? new Database(target) : target
    return migrateDb(db, migrations)
  } catch (e) {
    throw sqliteError(e, 'migrate')
  } finally {
    if (typeof target === 'string') db?.close()
  }
}

function migrateDb(db: Database.Database, migrations: readonly SqliteMigration[]): MigrateResult {
  const run = db.transaction((): MigrateResult => {
    const from = currentVersion(db)
    const latest = migrations.at(-1)?.version ?? 0
    if (from > latest)
      throw new WismoError(
        'STORE_SCHEMA_TOO_NEW',
        `The SQLite database is at schema version ${from}; this code knows up to ${latest}. Upgrade @wismo/store-sqlite.`,
        { details: { found: from, supported: latest } },
      )
    const pending = migrations.filter((m) => m.version > from)
    const appliedAt = new Date().toISOString()
    const record = db.prepare('INSERT INTO wismo_migrations (version, name, applied_at) VALUES (?, ?, ?)')
    for (const m of pending) {
      db.exec(m.sql)
      record.run(m.version, m.name, appliedAt)
    }
    if (pending.length) db.pragma(`application_id = ${APPLICATION_ID}`)
    return { from, to: Math.max(from, latest), applied: pending.map((m) => m.version) }
  })
  return run.immediate()
}

/**
 * Read-only check that the file is empty or Wismo's: run before anything writes to it (even the
 * WAL switch), so a foreign database is left byte-for-byte untouched.
 */
export function assertWismoFile(db: Database.Database): void {
  const appId = db.pragma('application_id', { simple: true }) as number
  const tables = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string
    }[]
  ).map((t) => t.name)
  const ours = appId === APPLICATION_ID || tables.includes('wismo_migrations')
  if (!ours && (appId !== 0 || tables.length > 0)) throw foreign(tables, appId)
}

/** The recorded schema version, or 0 for a new file. */
export function schemaVersion(db: Database.Database): number {
  const has = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'wismo_migrations'`)
    .get()
  if (!has) return 0
  return (db.prepare('SELECT max(version) AS v FROM wismo_migrations').get() as { v: number | null }).v ?? 0
}

/** The recorded schema version; creates the migrations table in an empty database. */
function currentVersion(db: Database.Database): number {
  assertWismoFile(db)
  db.exec(
    'CREATE TABLE IF NOT EXISTS wismo_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  )
  const row = db.prepare('SELECT max(version) AS v FROM wismo_migrations').get() as { v: number | null }
  return row.v ?? 0
}

function foreign(tables: string[], appId: number): WismoError {
  const shown = tables.slice(0, 5).join(', ')
  return new WismoError(
    'STORE_CORRUPT',
    `This SQLite file belongs to another application (tables: ${shown || 'none'}), not to Wismo; point \`path\` at a new file or a Wismo database.`,
    { details: { reason: 'foreign', tables: tables.slice(0, 20), applicationId: appId } },
  )
}
