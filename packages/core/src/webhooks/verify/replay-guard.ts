/**
 * Replay detection: a captured, authentic request sent again inside the timestamp tolerance passes
 * every signature check, so ids seen recently are remembered. The guard is an optimisation for the
 * signature layer; correctness comes from ingest being idempotent (dedup keys), which also covers
 * a retry that lands on another process.
 */
import { z } from 'zod'
import { parseOptions } from './checks.ts'

/**
 * Where a message id stands in a {@link ReplayGuard}: `new` (the caller now owns it and must
 * call `complete` or `abort`), `in_flight` (another attempt is writing it right now), or `done`
 * (durably stored inside the window).
 * @example const state: ReplayState = await guard.begin('msg_1', 1700000000)
 */
export type ReplayState = 'new' | 'in_flight' | 'done'

/**
 * Remembers message ids for a time window, in two steps, so a message is acknowledged only once
 * it is stored: `begin` claims an id before the write, `complete` marks it stored after the
 * commit, and `abort` forgets it when the write failed, so the sender's retry is processed.
 * @example
 * const state = await guard.begin(messageId, timestamp)
 * if (state === 'done') return ack() // stored earlier
 * if (state === 'in_flight') return retryLater() // never a 2xx: that write may still fail
 * try {
 *   await store(update)
 *   await guard.complete(messageId)
 * } catch (e) {
 *   await guard.abort(messageId)
 *   throw e
 * }
 */
export interface ReplayGuard {
  /**
   * Claim `messageId`: `new` when unknown (now recorded as in flight), `in_flight` while another
   * attempt holds it, `done` once it was completed inside the window. `timestamp` is the
   * message's signed time in unix seconds.
   */
  begin(messageId: string, timestamp: number): Promise<ReplayState>
  /** The write of a `new` id committed: answer `done` to its replays for the window. */
  complete(messageId: string): Promise<void>
  /** The write of a `new` id failed: forget it, so the sender's retry is processed. */
  abort(messageId: string): Promise<void>
}

const OptionsSchema = z
  .object({
    windowSec: z.number().int().positive().default(600),
    inFlightSec: z.number().int().positive().default(60),
    maxEntries: z.number().int().positive().default(10_000),
    clock: z.custom<() => number>((v) => typeof v === 'function', 'must be a function').optional(),
  })
  .strict()

/**
 * Options of {@link memoryReplayGuard}.
 * @example const opts: MemoryReplayGuardOptions = { windowSec: 900, maxEntries: 50_000 }
 */
export interface MemoryReplayGuardOptions {
  /** How long a stored id is remembered, in seconds; at least the verifier's tolerance. Default 600. */
  windowSec?: number
  /**
   * How long an id stays `in_flight` when neither `complete` nor `abort` comes (a write that
   * hangs); after it, a retry is processed again, which idempotent ingest makes safe. Default 60.
   */
  inFlightSec?: number
  /** Most ids kept, in flight or done; the oldest are dropped first beyond it. Default 10,000. */
  maxEntries?: number
  /** Milliseconds since the epoch; for tests. Default `Date.now`. */
  clock?: () => number
}

interface Entry {
  state: 'in_flight' | 'done'
  expiresAt: number
  signedMs: number
}

/**
 * An in-memory {@link ReplayGuard}. A completed id is remembered for `windowSec` after the later
 * of its completion and its own timestamp; an id in flight for at most `inFlightSec`. At most
 * `maxEntries` ids are kept (oldest dropped first), so memory stays bounded under a flood; a
 * dropped id only means a replay is ingested again, a no-op. It covers one process: a retry that
 * reaches another process is ingested there (a no-op write) and acknowledged after that write.
 * @example
 * const guard = memoryReplayGuard({ windowSec: 600, maxEntries: 10_000 })
 * await guard.begin('msg_1', 1700000000) // 'new'
 * await guard.begin('msg_1', 1700000000) // 'in_flight'
 * await guard.complete('msg_1')
 * await guard.begin('msg_1', 1700000000) // 'done'
 */
export function memoryReplayGuard(options: MemoryReplayGuardOptions = {}): ReplayGuard {
  const opts = parseOptions(OptionsSchema, options, 'memoryReplayGuard')
  const { clock = Date.now } = opts
  const entries = new Map<string, Entry>()
  const put = (id: string, entry: Entry) => {
    // Re-inserting keeps the map in rough expiry order, which `prune` relies on.
    entries.delete(id)
    entries.set(id, entry)
    prune(entries, clock(), opts.maxEntries)
  }
  return {
    async begin(messageId, timestamp) {
      const now = clock()
      const entry = entries.get(messageId)
      if (entry !== undefined && entry.expiresAt > now) return entry.state
      const signedMs = Number.isFinite(timestamp) ? timestamp * 1000 : now
      put(messageId, { state: 'in_flight', expiresAt: now + opts.inFlightSec * 1000, signedMs })
      return 'new'
    },
    async complete(messageId) {
      const signedMs = entries.get(messageId)?.signedMs ?? clock()
      const expiresAt = Math.max(clock(), signedMs) + opts.windowSec * 1000
      put(messageId, { state: 'done', expiresAt, signedMs })
    },
    async abort(messageId) {
      if (entries.get(messageId)?.state === 'in_flight') entries.delete(messageId)
    },
  }
}

/** Drop expired ids from the oldest end, then the oldest ids beyond `maxEntries`. */
function prune(entries: Map<string, Entry>, now: number, maxEntries: number): void {
  for (const [id, entry] of entries) {
    if (entries.size <= maxEntries && entry.expiresAt > now) return
    entries.delete(id)
  }
}
