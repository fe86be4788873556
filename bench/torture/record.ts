/**
 * What a run left behind, read with raw SQL from its schema and from the fake providers' books:
 * each parcel's shipment rows, final state and stored scans (by dedup key), and which
 * notifications reached a customer (tracking number × trigger × channel) how many times.
 */
import type { Acceptance } from './providers.ts'

export type Sql = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>

export interface RunRecord {
  /** Tracking number → shipment rows stored for it (1 expected). */
  shipmentRows: Map<string, number>
  /** Tracking number → its final state (status, sub-status, times, order), as JSON. */
  states: Map<string, string>
  /** Tracking number → dedup keys of its stored scans (a repeat means a scan stored twice). */
  events: Map<string, string[]>
  /** `tracking|trigger|channel` → acceptances by the providers (distinct provider × key). */
  sent: Map<string, number>
  /** Outbox rows (notifications and rows for the shop's systems) not completed when the run ended. */
  unfinished: number
  /** Rows for the shop's systems completed without the host endpoint having received them. */
  hostMissed: number
  /** Rows for the shop's systems (their topics depend on arrival order, so not compared with the reference). */
  hostRows: number
  /** Notification rows, and those that needed more than one hand-out. */
  notifications: number
  rehanded: number
  /** For each notification accepted more than once: its providers and its outbox log, to look at. */
  duplicates: string[]
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value])

export async function readRecord(
  sql: Sql,
  schema: string,
  accepted: readonly Acceptance[],
): Promise<RunRecord> {
  const s = `"${schema}"`
  const shipments = await sql(
    `SELECT id, tracking_number AS n, status, sub_status, status_changed_at, last_event_at, order_id FROM ${s}.shipments`,
  )
  const numberOf = new Map<string, string>()
  const shipmentRows = new Map<string, number>()
  const states = new Map<string, string>()
  for (const r of shipments) {
    const n = String(r.n)
    numberOf.set(String(r.id), n)
    shipmentRows.set(n, (shipmentRows.get(n) ?? 0) + 1)
    const { id: _id, n: _n, ...state } = r
    states.set(n, JSON.stringify(state))
  }
  const events = new Map<string, string[]>()
  const rows = await sql(
    `SELECT s.tracking_number AS n, e.dedup_key AS k FROM ${s}.events e JOIN ${s}.shipments s ON s.id = e.shipment_id`,
  )
  for (const r of rows) push(events, String(r.n), String(r.k))
  const sent = new Map<string, number>()
  const by = new Map<string, Acceptance[]>()
  const hostKeys = new Set(accepted.filter((a) => a.provider === 'host').map((a) => a.key))
  for (const a of accepted) {
    if (a.provider === 'host') continue
    const key = `${numberOf.get(a.shipmentId) ?? `unknown:${a.shipmentId}`}|${a.trigger}|${a.provider.split('-')[0]}`
    sent.set(key, (sent.get(key) ?? 0) + 1)
    push(by, key, a)
  }
  const duplicates: string[] = []
  for (const [key, list] of by) {
    if (list.length < 2) continue
    const log = await sql(
      `SELECT l.at, l.worker_id, l.kind, l.text FROM ${s}.outbox_log l JOIN ${s}.outbox o ON o.id = l.outbox_id
       WHERE o.idempotency_key = ANY($1::text[]) ORDER BY l.seq`,
      [list.map((a) => a.key)],
    )
    duplicates.push(
      `${key}: accepted by ${list.map((a) => `${a.provider} (key ${a.key})`).join(', ')}\n` +
        log.map((l) => `    ${l.at} ${l.worker_id} ${l.kind}: ${l.text}`).join('\n'),
    )
  }
  const [outbox] = await sql(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE attempts > 1)::int AS rehanded
     FROM ${s}.outbox WHERE topic LIKE 'notify.%'`,
  )
  const [open] = await sql(`SELECT count(*)::int AS n FROM ${s}.outbox WHERE state <> 'done'`)
  const host = await sql(
    `SELECT idempotency_key AS k FROM ${s}.outbox WHERE topic NOT LIKE 'notify.%' AND state = 'done'`,
  )
  return {
    shipmentRows,
    states,
    events,
    sent,
    unfinished: Number(open?.n ?? 0),
    hostMissed: host.filter((r) => !hostKeys.has(String(r.k))).length,
    hostRows: host.length,
    notifications: Number(outbox?.total ?? 0),
    rehanded: Number(outbox?.rehanded ?? 0),
    duplicates,
  }
}

/** The five counts the run is judged by, against the single-process reference. */
export interface Verdict {
  lost: number
  dup_events: number
  state_mismatch: number
  unsent: number
  dup_sends: number
  /** Notifications the torture run sent that the reference did not (reported, not judged). */
  extra_sends: number
}

export function compare(torture: RunRecord, reference: RunRecord): Verdict {
  let lost = 0
  let dupEvents = 0
  for (const n of new Set([...torture.events.keys(), ...reference.events.keys()])) {
    const got = torture.events.get(n) ?? []
    const want = new Set(reference.events.get(n) ?? [])
    const distinct = new Set(got)
    for (const k of want) if (!distinct.has(k)) lost++
    dupEvents += got.length - distinct.size
    for (const k of distinct) if (!want.has(k)) dupEvents++
  }
  let mismatch = 0
  for (const n of new Set([...torture.states.keys(), ...reference.states.keys()]))
    if (torture.shipmentRows.get(n) !== 1 || torture.states.get(n) !== reference.states.get(n)) mismatch++
  let unsent = torture.unfinished + torture.hostMissed
  for (const key of reference.sent.keys()) if (!torture.sent.has(key)) unsent++
  let dupSends = 0
  let extra = 0
  for (const [key, times] of torture.sent) {
    dupSends += times - 1
    if (!reference.sent.has(key)) extra++
  }
  return {
    lost,
    dup_events: dupEvents,
    state_mismatch: mismatch,
    unsent,
    dup_sends: dupSends,
    extra_sends: extra,
  }
}
