import { describe, expect, it } from 'vitest'
import { WismoError } from '../errors.ts'
import type { WismoStore } from '../store/contract.ts'
import { HealthOptionsSchema, healthHandlers } from './health.ts'
import type { RuntimeState } from './runtime.ts'

const NOW = new Date('2026-03-02T12:00:00Z')

function handlers(
  stats: () => Promise<{ depth: number; oldestAvailableAt: string | null; oldestAgeMs: number }>,
  state: RuntimeState = 'running',
) {
  const store = { outboxStats: stats } as unknown as WismoStore
  return healthHandlers({
    store,
    now: () => NOW,
    settings: HealthOptionsSchema.parse({ maxOutboxAgeMs: 60_000, maxOutboxDepth: 100 }),
    runtime: () => state,
    breakers: () => ({ ups: 'open' }),
    outboxTopics: () => undefined,
  })
}

const calm = async () => ({ depth: 3, oldestAvailableAt: '2026-03-02T11:59:30Z', oldestAgeMs: 30_000 })

describe('health', () => {
  it('is live while the process answers', async () => {
    const res = await handlers(calm).live()
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('is ready with the store answering and the outbox within bounds; breakers are reported, not judged', async () => {
    const res = await handlers(calm).ready(new Request('http://x/ready'))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as {
      status: string
      checks: Record<string, { ok: boolean }>
      breakers: unknown
    }
    expect(body.status).toBe('ready')
    expect(Object.keys(body.checks).sort()).toEqual(['outboxAge', 'outboxDepth', 'runtime', 'store'])
    expect(body.breakers).toEqual({ ups: 'open' })
  })

  it.each([
    [
      'a deep outbox',
      async () => ({ depth: 101, oldestAvailableAt: null, oldestAgeMs: 0 }),
      'running',
      'outboxDepth',
    ],
    [
      'an old outbox',
      async () => ({ depth: 1, oldestAvailableAt: '2026-03-02T11:00:00Z', oldestAgeMs: 3_600_000 }),
      'running',
      'outboxAge',
    ],
    [
      'a store that fails',
      async () => Promise.reject(new WismoError('STORE_UNAVAILABLE', 'down')),
      'running',
      'store',
    ],
    ['a runtime stopping', calm, 'stopping', 'runtime'],
    ['a runtime stopped', calm, 'stopped', 'runtime'],
  ] as const)('is not ready with %s', async (_what, stats, state, failing) => {
    const res = await handlers(stats, state).ready()
    expect(res.status).toBe(503)
    const body = (await res.json()) as {
      status: string
      checks: Record<string, { ok: boolean; detail?: string }>
    }
    expect(body.status).toBe('not_ready')
    expect(body.checks[failing]?.ok).toBe(false)
    if (failing === 'store') expect(body.checks.store?.detail).toBe('STORE_UNAVAILABLE')
  })

  it('is ready in a process that serves webhooks without starting workers', async () => {
    expect((await handlers(calm, 'idle').ready()).status).toBe(200)
  })
})
