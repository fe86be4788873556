/**
 * Replay detection: a captured, authentic request sent again inside the timestamp tolerance passes
 * every signature check, so ids seen recently are remembered. This guards the signature layer;
 * idempotent ingest (dedup keys) still protects the data.
 */
import { z } from 'zod'
import { parseOptions } from './checks.ts'

/**
 * Remembers message ids for a time window.
 * @example
 * if (await guard.seen(result.messageId, result.timestamp)) return new Response(null, { status: 200 })
 */
export interface ReplayGuard {
  /**
   * True when `messageId` was already seen inside the window; otherwise records it and returns
   * false. `timestamp` is the message's signed time in unix seconds.
   */
  seen(messageId: string, timestamp: number): Promise<boolean>
  /**
   * Drop a recorded id, so the sender's retry of a message that failed to be stored is processed
   * rather than acknowledged as a replay.
   */
  forget(messageId: string): Promise<void>
}

const OptionsSchema = z
  .object({
    windowSec: z.number().int().positive().default(600),
    maxEntries: z.number().int().positive().default(10_000),
    clock: z.custom<() => number>((v) => typeof v === 'function', 'must be a function').optional(),
  })
  .strict()

/**
 * Options of {@link memoryReplayGuard}.
 * @example const opts: MemoryReplayGuardOptions = { windowSec: 900, maxEntries: 50_000 }
 */
export interface MemoryReplayGuardOptions {
  /** How long an id is remembered, in seconds; at least the verifier's tolerance. Default 600. */
  windowSec?: number
  /** Most ids kept; the oldest are dropped first beyond it. Default 10,000. */
  maxEntries?: number
  /** Milliseconds since the epoch; for tests. Default `Date.now`. */
  clock?: () => number
}

/**
 * An in-memory {@link ReplayGuard}. An id is remembered for `windowSec` after the later of its
 * arrival and its own timestamp, and at most `maxEntries` ids are kept (oldest dropped first), so
 * memory stays bounded under a flood. It protects one process only: hosts running several
 * processes must back the guard with the shared store, or a replay sent to another process passes.
 * @example
 * const guard = memoryReplayGuard({ windowSec: 600, maxEntries: 10_000 })
 * await guard.seen('msg_1', 1700000000) // false
 * await guard.seen('msg_1', 1700000000) // true
 */
export function memoryReplayGuard(options: MemoryReplayGuardOptions = {}): ReplayGuard {
  const {
    windowSec,
    maxEntries,
    clock = Date.now,
  } = parseOptions(OptionsSchema, options, 'memoryReplayGuard')
  const expiries = new Map<string, number>()
  return {
    async seen(messageId, timestamp) {
      const now = clock()
      const expiry = expiries.get(messageId)
      if (expiry !== undefined && expiry > now) return true
      expiries.delete(messageId)
      const signedMs = Number.isFinite(timestamp) ? timestamp * 1000 : now
      expiries.set(messageId, Math.max(now, signedMs) + windowSec * 1000)
      prune(expiries, now, maxEntries)
      return false
    },
    async forget(messageId) {
      expiries.delete(messageId)
    },
  }
}

/** Drop expired ids from the oldest end, then the oldest ids beyond `maxEntries`. */
function prune(expiries: Map<string, number>, now: number, maxEntries: number): void {
  for (const [id, expiry] of expiries) {
    if (expiries.size <= maxEntries && expiry > now) return
    expiries.delete(id)
  }
}
