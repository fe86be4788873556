/**
 * One run of the torture harness on a fresh PostgreSQL schema: `processes` × `wismo serve` behind
 * the round-robin proxy, the stream posted as signed webhooks (the sender retries until a 2xx),
 * each parcel registered with its order just before its first message, polls answered by the fake
 * carrier API, notifications sent to the fake providers; optionally a random process SIGKILLed and
 * replaced every `kill.every` ticks (webhooks acknowledged + provider calls, never wall time).
 * Then the runtime runs until no notification is pending, the processes get SIGTERM, and the
 * schema and the providers' books are read into a {@link RunRecord}.
 */
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import { createWismo } from '../../packages/core/src/index.ts'
import { migrate, postgresStore } from '../../packages/store-postgres/src/index.ts'
import { pg } from '../../packages/store-postgres/test/clients.ts'
import { tortureCarrier } from './adapters.ts'
import { carrierApi } from './carrier-api.ts'
import { startFleet } from './fleet.ts'
import { type FakeProviders, fakeProviders, type ProviderCounts, type ProviderId } from './providers.ts'
import { roundRobinProxy } from './proxy.ts'
import { type RunRecord, readRecord, type Sql } from './record.ts'
import { prng, SANDBOX_SECRET, type TortureMessage, type TortureStream } from './stream.ts'

export interface RunOptions {
  name: string
  url: string
  stream: TortureStream
  processes: number
  /** Webhooks in flight at once. */
  concurrency: number
  /** SIGKILL a random process every `every` ticks while posting, and `inDrain` more times after. */
  kill: { every: number; inDrain: number } | null
  /** Primaries fail 30 % of calls and time out 5 %. */
  faults: boolean
  seed: number
  /** How far ahead of the webhooks the carrier's tracking API knows scans (messages). */
  lookAhead: number
  /** The notifiers' timeout; a timed-out provider answers at twice this. */
  sendTimeoutMs: number
  /**
   * Waits between attempts of a failed notification: `core`'s default ladder (30 s doubling, up to
   * 1 h; the default) or `short` (5 s doubling, up to 5 min; bench/torture/serve.config.ts).
   */
  retryBackoff?: 'short' | 'core'
  /** Most time the outbox may take to drain after the last webhook; rows still pending then count as unsent. */
  drainTimeoutMs: number
  log: (line: string) => void
}

export interface RunStats {
  seconds: number
  /** From the first webhook sent to the last acknowledged, and from then until the outbox drained. */
  postSeconds: number
  drainSeconds: number
  processesStarted: number
  kills: string[]
  proxyRetries: number
  senderRetries: number
  pollCalls: number
  providers: Record<ProviderId, ProviderCounts>
  exitCodes: Record<string, number | string | null>
}

const tenths = (ms: number) => Math.round(ms / 100) / 10
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const FAULTS = { fail: 0.3, timeout: 0.05 }

/**
 * Post one signed message until a 2xx comes back (what a carrier does with a failed webhook). A
 * 4xx other than 408/429 is a refusal no retry changes: it fails the run with the answer.
 */
async function post(signer: ReturnType<typeof sandboxCarrier>, proxyUrl: string, m: TortureMessage) {
  let last = ''
  for (let attempt = 1; ; attempt++) {
    const delivery = { ...m, deliverAt: 0, duplicate: false, late: false }
    const signed = await signer.simulator.toRequest(delivery, new Date())
    try {
      const res = await fetch(`${proxyUrl}/webhooks/sandbox`, {
        method: 'POST',
        headers: signed.headers,
        body: m.body,
      })
      const text = await res.text()
      if (res.ok) return attempt - 1
      last = `${res.status} ${text.slice(0, 300)}`
      if (res.status < 500 && res.status !== 408 && res.status !== 429)
        throw new Error(`webhook ${m.id} refused: ${last}`)
    } catch (error) {
      if (String(error).includes('refused:')) throw error
      last = String(error)
    }
    if (attempt >= 500) throw new Error(`webhook ${m.id} was never acknowledged; last answer: ${last}`)
    await sleep(Math.min(500, 10 * attempt))
  }
}

export async function runOnce(o: RunOptions): Promise<{ record: RunRecord; stats: RunStats }> {
  const started = performance.now()
  const schema = `torture_${o.name}_${process.pid}_${Math.random().toString(36).slice(2, 7)}`
  const admin = new pg.Pool({ connectionString: o.url, max: 6 })
  admin.on('error', () => {})
  const sql: Sql = async (text, params) => (await admin.query(text, params)).rows
  await migrate(admin, { schema })
  const providers: FakeProviders = await fakeProviders(
    o.faults ? { 'email-primary': FAULTS, 'sms-primary': FAULTS } : {},
    o.seed,
    o.sendTimeoutMs * 2,
  )
  const carrier = await carrierApi(o.stream.messages, o.lookAhead)
  const proxy = await roundRobinProxy()
  const closers: (() => Promise<unknown>)[] = [proxy.close, carrier.close, providers.close]
  try {
    const fleet = await startFleet(
      {
        TORTURE_PG_URL: o.url,
        TORTURE_SCHEMA: schema,
        TORTURE_CARRIER_URL: carrier.url,
        TORTURE_PROVIDERS_URL: providers.url,
        TORTURE_SEND_TIMEOUT_MS: String(o.sendTimeoutMs),
        TORTURE_RETRY_BACKOFF: o.retryBackoff ?? 'core',
      },
      o.processes,
      proxy,
    )
    closers.unshift(async () => fleet.stop())
    const registrar = createWismo({
      store: postgresStore({ client: admin, schema }),
      carriers: [tortureCarrier(carrier.url)],
    })
    const signer = sandboxCarrier({ seed: 1, webhookSecret: SANDBOX_SECRET })
    const random = prng(o.seed ^ 0x5eed)
    const kills: string[] = []
    let killing: Promise<void> | null = null
    let acked = 0
    let senderRetries = 0
    let posting = true
    let drainKills = 0
    let nextKill = o.kill?.every ?? 0

    const ticks = () => acked + providers.calls()
    const maybeKill = () => {
      if (!o.kill || killing || ticks() < nextKill) return
      if (!posting && drainKills >= o.kill.inDrain) return
      if (!posting) drainKills++
      nextKill = ticks() + o.kill.every
      killing = fleet
        .killAndReplace(Math.floor(random() * fleet.size()))
        .then((id) => {
          kills.push(id)
          o.log(`  ${o.name}: killed ${id} at ${acked} webhooks, ${providers.calls()} provider calls`)
        })
        .finally(() => {
          killing = null
        })
    }
    const registered = new Map<string, Promise<unknown>>()
    const register = (n: string) => {
      const known = registered.get(n)
      if (known) return known
      const orderId = `order-${n}`
      const done = registrar
        .registerOrder({
          id: orderId,
          customer: {
            name: 'Robin Doe',
            email: `${n.toLowerCase()}@customers.example`,
            phone: '+14155550123',
          },
          preferences: { email: true, sms: true, mutedTriggers: [] },
        })
        .then(() => registrar.registerShipment({ orderId, trackingNumber: n, carrier: 'sandbox' }))
      registered.set(n, done)
      return done
    }

    let next = 0
    const total = o.stream.messages.length
    const sendingFrom = performance.now()
    const progress = () => {
      const s = (performance.now() - sendingFrom) / 1000
      o.log(
        `  ${o.name}: ${acked}/${total} webhooks acknowledged in ${s.toFixed(0)} s (${(acked / s).toFixed(0)}/s)`,
      )
    }
    const lane = async () => {
      for (let i = next++; i < total; i = next++) {
        const m = o.stream.messages[i] as TortureMessage
        await register(m.trackingNumber)
        carrier.advance(i + 1)
        senderRetries += await post(signer, proxy.url, m)
        acked++
        if (acked % Math.max(1, Math.floor(total / 10)) === 0) progress()
        maybeKill()
      }
    }
    await Promise.all(Array.from({ length: o.concurrency }, lane))
    posting = false
    await killing
    const postSeconds = tenths(performance.now() - sendingFrom)

    // Let the runtime finish: no outbox row left pending, twice in a row.
    const drainStart = performance.now()
    for (let quiet = 0, polls = 1; quiet < 2; polls++) {
      maybeKill()
      await sleep(500)
      const [row] = await sql(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE state = 'pending'`)
      if (polls % 60 === 0) o.log(`  ${o.name}: ${row?.n} outbox rows pending after ${polls / 2} s of drain`)
      quiet = Number(row?.n) === 0 && !killing ? quiet + 1 : 0
      if (performance.now() - drainStart > o.drainTimeoutMs) {
        // Judged, not thrown: they count as unsent, and the table still shows the run.
        o.log(
          `  ${o.name}: ${row?.n} outbox rows still pending ${o.drainTimeoutMs} ms after the last webhook`,
        )
        break
      }
    }
    await killing
    const exitCodes = await fleet.stop()
    const crashes = fleet.crashes()
    if (crashes.length > 0) throw new Error(`processes failed on their own:\n${crashes.join('\n')}`)
    const record = await readRecord(sql, schema, providers.acceptances())
    const drainSeconds = tenths(performance.now() - drainStart)
    o.log(`  ${o.name}: posted in ${postSeconds} s, drained in ${drainSeconds} s`)
    for (const d of record.duplicates) o.log(`  sent more than once: ${d}`)
    return {
      record,
      stats: {
        seconds: tenths(performance.now() - started),
        postSeconds,
        drainSeconds,
        processesStarted: o.processes + kills.length,
        kills,
        proxyRetries: proxy.retried(),
        senderRetries,
        pollCalls: carrier.stats().calls,
        providers: providers.counts(),
        exitCodes,
      },
    }
  } finally {
    for (const close of closers) await close().catch(() => {})
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {})
    await admin.end()
  }
}
