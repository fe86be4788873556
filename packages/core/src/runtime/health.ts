/**
 * Health and readiness as `Request → Response` handlers, for load balancers and orchestrators.
 * Liveness says the process answers; readiness says it should get traffic: the store answers,
 * the outbox is not backing up, and the runtime (when started) is running, not starting or
 * stopping. Breakers are reported, not judged: an open carrier breaker is a carrier's outage,
 * not a reason to stop taking webhooks.
 */
import { z } from 'zod'
import type { BreakerState } from '../carrier/breaker.ts'
import { isWismoError } from '../errors.ts'
import type { WismoStore } from '../store/contract.ts'
import type { RuntimeState } from './runtime.ts'

export const HealthOptionsSchema = z
  .object({
    /** Not ready when the oldest available outbox row waits longer than this (default 15 min). */
    maxOutboxAgeMs: z
      .number()
      .int()
      .min(1)
      .default(15 * 60_000),
    /** Not ready with more pending outbox rows than this (default 10 000). */
    maxOutboxDepth: z.number().int().min(1).default(10_000),
  })
  .strict()

export type HealthOptions = z.input<typeof HealthOptionsSchema>

interface HealthDeps {
  store: WismoStore
  now: () => Date
  settings: z.output<typeof HealthOptionsSchema>
  runtime: () => RuntimeState
  breakers: () => Record<string, BreakerState>
  /**
   * The outbox rows someone is expected to work: notification messages always, the rows for the
   * host's systems only while this process dispatches them (`wismo.start({ dispatch })`); else
   * rows nobody here dispatches would make a healthy process look backed up.
   */
  outboxTopics: () => { prefix: string; exclude?: boolean } | undefined
}

/** One check's outcome in the readiness answer. */
export interface HealthCheck {
  ok: boolean
  detail?: string
}

export function healthHandlers(deps: HealthDeps) {
  return {
    /** 200 while the process answers (`{ "status": "ok" }`). */
    live: async (_request?: Request): Promise<Response> => json(200, { status: 'ok' }),
    /** 200 when ready for traffic, else 503; the body lists every check. */
    ready: async (_request?: Request): Promise<Response> => {
      const checks: Record<string, HealthCheck> = {}
      const state = deps.runtime()
      checks.runtime = { ok: state === 'idle' || state === 'running', detail: state }
      try {
        const topics = deps.outboxTopics()
        const stats = await deps.store.outboxStats({
          now: deps.now().toISOString(),
          ...(topics ? { topics } : {}),
        })
        checks.store = { ok: true }
        checks.outboxDepth = {
          ok: stats.depth <= deps.settings.maxOutboxDepth,
          detail: `${stats.depth} pending (at most ${deps.settings.maxOutboxDepth})`,
        }
        checks.outboxAge = {
          ok: stats.oldestAgeMs <= deps.settings.maxOutboxAgeMs,
          detail: `oldest waits ${Math.round(stats.oldestAgeMs / 1000)} s (at most ${Math.round(deps.settings.maxOutboxAgeMs / 1000)} s)`,
        }
      } catch (error) {
        // A store that cannot answer (down, schema newer than this code) fails readiness with its code.
        checks.store = { ok: false, detail: isWismoError(error) ? error.code : 'STORE_FAILED' }
      }
      const ok = Object.values(checks).every((c) => c.ok)
      return json(ok ? 200 : 503, { status: ok ? 'ready' : 'not_ready', checks, breakers: deps.breakers() })
    },
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  })
}
