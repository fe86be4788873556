import { createWismo } from '@wismo/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { migrate, postgresStore } from '../src/index.ts'
import { pg } from './clients.ts'
import { failoverCarriers } from './failover-scale-out/carriers.ts'
import { type Call, type FakeApi, fakeApi } from './failover-scale-out/fake-api.ts'
import { type Fleet, startFleet } from './failover-scale-out/orchestrate.ts'
import {
  AGGREGATOR,
  type BreakerView,
  FAILURES,
  PRIMARY,
  type RoundReport,
  SCANS,
  T0,
} from './failover-scale-out/protocol.ts'
import { DATABASE, dropSchema, freshSchema, type RawSql, withDatabase } from './support.ts'

const PROCESSES = 4
const SHIPMENTS = 24
/** Most rounds a phase may take before the proof gives up (each phase normally needs one or two). */
const MAX_ROUNDS = 12
/** How long one round (every worker polling until nothing is due) may take: generous, never asserted. */
const ROUND_TIMEOUT_MS = 120_000

const NUMBERS = Array.from({ length: SHIPMENTS }, (_, i) => `PRI${String(i + 1).padStart(6, '0')}`)
const CODES = SCANS.map((s) => s.code)

/**
 * Against the real server when WISMO_TEST_PG_URL is set; otherwise against a PGlite stand-in that
 * the worker processes reach over loopback TCP (see pglite-bridge.ts). In CI the real server is
 * required, as for the other scale-out proofs.
 */
const TITLE = `carrier failover: worker processes sharing one PostgreSQL (${DATABASE})`

withDatabase(TITLE, (databaseUrl) => {
  const schema = freshSchema('wismo_failover')
  let admin: InstanceType<typeof pg.Pool>
  let api: FakeApi
  let fleet: Fleet | undefined
  const sql: RawSql = async (text, params) => (await admin.query(text, params)).rows

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: databaseUrl(), max: 2 })
    await migrate(admin, { schema })
    api = await fakeApi()
  }, 120_000)
  afterAll(async () => {
    await fleet?.stop()
    await api?.close()
    if (admin) {
      await dropSchema(sql, schema)
      await admin.end()
    }
  }, 60_000)

  /** Each shipment's scans (raw codes by time), keyed by tracking number. */
  const scansByNumber = async () => {
    const rows = await sql(
      `SELECT s.tracking_number AS n, coalesce(array_agg(e.raw_code ORDER BY e.occurred_ms, e.raw_code)
         FILTER (WHERE e.raw_code IS NOT NULL), '{}') AS codes
       FROM "${schema}".shipments s LEFT JOIN "${schema}".events e ON e.shipment_id = s.id GROUP BY s.id`,
    )
    return new Map(rows.map((r) => [String(r.n), r.codes as string[]]))
  }
  const allHave = async (codes: number) => {
    const scans = await scansByNumber()
    return NUMBERS.every((n) => JSON.stringify(scans.get(n)) === JSON.stringify(CODES.slice(0, codes)))
  }

  it(`${PROCESSES} processes track ${SHIPMENTS} shipments through the aggregator while the primary's breaker is open, probing it once a pause, and go back to it when it recovers`, async () => {
    const started = performance.now()
    // The shipments, registered under the primary carrier, due at T0.
    const registrar = createWismo({
      store: postgresStore({ client: admin, schema }),
      carriers: failoverCarriers(api.url, () => ({ worker: 'registrar', round: 0, breaker: 'closed' })),
      clock: () => new Date(T0),
    })
    for (const trackingNumber of NUMBERS)
      await registrar.registerShipment({ trackingNumber, carrier: PRIMARY })

    fleet = await startFleet({ url: databaseUrl(), schema, baseUrl: api.url }, PROCESSES, ROUND_TIMEOUT_MS)
    const reports: RoundReport[][] = []
    const play = async () => {
      const r = await (fleet as Fleet).round()
      reports.push(r)
      return r
    }
    /** A worker's breaker as it stood when round `round` began (its report of the round before). */
    const viewBefore = (worker: string, round: number): BreakerView =>
      round <= 1 ? 'closed' : (reports[round - 2]?.find((r) => r.workerId === worker)?.breaker ?? 'closed')
    const workers = Array.from({ length: PROCESSES }, (_, i) => `w${i}`)
    const callsIn = (rounds: number[], to: Call['to']) =>
      api.calls.filter((c) => c.to === to && rounds.includes(c.round))
    const claimedIn = (rounds: number[]) =>
      rounds.reduce((n, r) => n + (reports[r - 1] ?? []).reduce((m, w) => m + w.claimed, 0), 0)

    // Phase 1, healthy: one round, every shipment tracked by the primary, one call each.
    api.setPhase('healthy')
    const healthy = [1]
    const first = await play()
    expect(first.every((w) => w.breaker === 'closed' && w.opened === 0)).toBe(true)
    expect(
      callsIn(healthy, PRIMARY)
        .map((c) => c.number)
        .sort(),
    ).toEqual(NUMBERS)
    expect(callsIn(healthy, PRIMARY).every((c) => c.status === 200)).toBe(true)
    expect(callsIn(healthy, AGGREGATOR)).toHaveLength(0)
    expect(await allHave(1)).toBe(true)

    // Phase 2, outage: the primary answers 503. Rounds until every worker's breaker has opened and
    // every shipment has its second scan, which only the aggregator serves now.
    api.setPhase('outage')
    const outage: number[] = []
    for (;;) {
      const r = await play()
      outage.push(reports.length)
      if (r.every((w) => w.opened > 0) && (await allHave(2))) break
      if (outage.length >= MAX_ROUNDS) throw new Error(`outage not settled after ${MAX_ROUNDS} rounds`)
    }
    const downCalls = callsIn(outage, PRIMARY)
    const viaAggregator = callsIn(outage, AGGREGATOR)
    expect(downCalls.every((c) => c.status === 503)).toBe(true)
    // Each worker called the primary `FAILURES` times with its breaker closed, then it opened…
    for (const w of workers) {
      expect(downCalls.filter((c) => c.worker === w && c.breaker === 'closed')).toHaveLength(FAILURES)
    }
    // …and while it was open, exactly one half-open probe in each round it polled anything
    // (time stands still within a round; the pause, 30 min, is shorter than a round's hour).
    const probes = downCalls.filter((c) => c.breaker === 'open')
    for (const round of outage) {
      for (const report of reports[round - 1] ?? []) {
        const sent = probes.filter((c) => c.worker === report.workerId && c.round === round).length
        const expected = viewBefore(report.workerId, round) === 'open' && report.claimed > 0 ? 1 : 0
        expect({ worker: report.workerId, round, probes: sent }).toEqual({
          worker: report.workerId,
          round,
          probes: expected,
        })
      }
    }
    expect(downCalls).toHaveLength(PROCESSES * FAILURES + probes.length)
    // The aggregator was asked only by workers whose breaker was open, and for every shipment.
    expect(viaAggregator.every((c) => c.breaker === 'open')).toBe(true)
    expect([...new Set(viaAggregator.map((c) => c.number))].sort()).toEqual(NUMBERS)
    // Only the first failed call of each worker lost a poll: the one that opened the breaker went on to the aggregator.
    const failedPolls = outage.reduce(
      (n, r) => n + (reports[r - 1] ?? []).reduce((m, w) => m + w.failed, 0),
      0,
    )
    expect(failedPolls).toBe(PROCESSES * (FAILURES - 1))

    // Phase 3, recovered: each worker's next probe succeeds and closes its breaker; the primary
    // tracks everything again (its third scan), the aggregator is not called at all.
    api.setPhase('recovered')
    const recovered: number[] = []
    for (;;) {
      const r = await play()
      recovered.push(reports.length)
      if (r.every((w) => w.breaker === 'closed') && (await allHave(3))) break
      if (recovered.length >= MAX_ROUNDS) throw new Error(`recovery not settled after ${MAX_ROUNDS} rounds`)
    }
    const upCalls = callsIn(recovered, PRIMARY)
    expect(callsIn(recovered, AGGREGATOR)).toHaveLength(0)
    expect(upCalls.every((c) => c.status === 200)).toBe(true)
    expect(upCalls).toHaveLength(claimedIn(recovered))
    for (const w of workers) {
      // One successful probe per worker closed its breaker; every later call went straight through.
      expect(upCalls.filter((c) => c.worker === w && c.breaker === 'open')).toHaveLength(1)
      expect(reports.at(-1)?.find((r) => r.workerId === w)?.closed).toBe(1)
    }

    // The store: one shipment per parcel, all under the primary carrier (none under the aggregator,
    // whose tracker ids were not kept), each scan stored once.
    const shipments = await sql(
      `SELECT carrier, tracking_number, carrier_shipment_id, status FROM "${schema}".shipments ORDER BY tracking_number`,
    )
    expect(shipments.map((s) => s.tracking_number)).toEqual(NUMBERS)
    for (const s of shipments) {
      expect(s).toEqual({
        carrier: PRIMARY,
        tracking_number: s.tracking_number,
        carrier_shipment_id: null,
        status: 'out_for_delivery',
      })
    }
    expect(await allHave(3)).toBe(true)
    const [events] = await sql(
      `SELECT count(*)::int AS n, count(DISTINCT (shipment_id, raw_code, occurred_at))::int AS distinct_scans
       FROM "${schema}".events`,
    )
    expect(events).toEqual({ n: SHIPMENTS * SCANS.length, distinct_scans: SHIPMENTS * SCANS.length })

    const perWorker = (calls: Call[]) => workers.map((w) => calls.filter((c) => c.worker === w).length)
    const report = {
      processes: PROCESSES,
      shipments: SHIPMENTS,
      rounds: { healthy: healthy.length, outage: outage.length, recovered: recovered.length },
      healthy: { primary: callsIn(healthy, PRIMARY).length, aggregator: callsIn(healthy, AGGREGATOR).length },
      outage: {
        primary: downCalls.length,
        primaryBeforeOpen: downCalls.length - probes.length,
        probesWhileOpen: probes.length,
        probesByWorker: perWorker(probes),
        aggregator: viaAggregator.length,
        aggregatorByWorker: perWorker(viaAggregator),
        failedPolls,
      },
      recovered: {
        primary: upCalls.length,
        successfulProbes: upCalls.filter((c) => c.breaker === 'open').length,
        aggregator: callsIn(recovered, AGGREGATOR).length,
      },
      claimedByWorker: workers.map((w) =>
        reports.reduce((n, r) => n + (r.find((x) => x.workerId === w)?.claimed ?? 0), 0),
      ),
      events: events?.n,
      database: DATABASE,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    }
    console.log(`failover across processes: ${JSON.stringify(report)}`)
  }, 600_000)
})
