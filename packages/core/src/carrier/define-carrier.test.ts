import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { isWismoError } from '../errors.ts'
import { acmeCarrier } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'
import { defineCarrier } from './define-carrier.ts'

describe('defineCarrier', () => {
  it('reports every bad option at once and never echoes a secret', () => {
    const err = (() => {
      try {
        acmeCarrier({ apiKey: 'short', baseUrl: 'not a url', extra: 1 } as never)
      } catch (e) {
        return e
      }
    })()
    expect(isWismoError(err, 'CONFIG_INVALID')).toBe(true)
    const message = (err as Error).message
    expect(message).toMatch(/apiKey/)
    expect(message).toMatch(/baseUrl/)
    expect(message).toMatch(/extra/)
    expect(message).not.toContain('short')
  })

  it('turns an unexpected throw into CARRIER_FAILED and keeps the cause', async () => {
    const boom = new Error('socket hang up with token abc')
    const carrier = defineCarrier({
      id: 'boom',
      capabilities: { track: true },
      setup: () => ({
        track: async () => {
          throw boom
        },
      }),
    })()
    const err = await carrier.track(['1']).catch((e) => e)
    expect(isWismoError(err, 'CARRIER_FAILED')).toBe(true)
    expect(err.cause).toBe(boom)
    expect(err.message).not.toContain('abc')
  })

  it('rejects tracking data that breaks the schema with CARRIER_RESPONSE_INVALID', async () => {
    const carrier = defineCarrier({
      id: 'sloppy',
      capabilities: { track: true },
      setup: () => ({
        track: async () =>
          [
            { carrier: 'sloppy', trackingNumber: '1', source: 'poll', events: [{ status: 'lost in space' }] },
          ] as never,
      }),
    })()
    await expect(carrier.track(['1'])).rejects.toSatisfy((e) => isWismoError(e, 'CARRIER_RESPONSE_INVALID'))
  })

  it('fills capability defaults and validates options schemas given by the adapter', () => {
    const carrier = defineCarrier({
      id: 'x',
      options: z.object({ n: z.number().default(2) }),
      capabilities: { track: true },
      setup: () => ({ track: async () => [] }),
    })()
    expect(carrier.capabilities).toEqual({
      track: true,
      webhooks: false,
      register: false,
      createShipment: false,
      batch: 1,
    })
  })
})

describe('the carrier runtime a Wismo instance attaches', () => {
  const SECRET = 'sk_live_4f9a8b7c6d5e4f3a'
  const chatty = defineCarrier({
    id: 'chatty',
    options: z.object({ apiKey: z.string() }),
    secrets: ['apiKey'],
    capabilities: { track: true },
    // The logger is taken at setup, before any instance exists: what it logs later must still follow.
    setup: (opts, { log }) => ({
      track: async (numbers) => {
        log.warn({ numbers, apiKey: opts.apiKey, note: `key ${opts.apiKey}` }, `asked for ana@example.com`)
        return []
      },
    }),
  })
  const recorder = () => {
    const lines: { level: string; obj: object; msg?: string | undefined }[] = []
    const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg })
    return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } }
  }

  it("sends the carrier's log lines to the host logger given to createWismo, redacted", async () => {
    const factory = recorder()
    const host = recorder()
    const carrier = chatty({ apiKey: SECRET }, { log: factory.log })
    createWismo({ carriers: [carrier], logger: host.log })
    await carrier.track(['1Z999'])
    const warned = host.lines.filter((l) => l.level === 'warn')
    expect(warned).toHaveLength(1)
    expect(warned[0]?.obj).toMatchObject({ numbers: ['1Z999'] })
    const written = JSON.stringify(host.lines)
    expect(written).not.toContain(SECRET)
    expect(written).not.toContain('ana@example.com')
    expect(factory.lines).toEqual([])
  })

  it('logs through the logger given to the factory while the carrier is used on its own', async () => {
    const factory = recorder()
    await chatty({ apiKey: SECRET }, { log: factory.log }).track(['1Z999'])
    expect(factory.lines.filter((l) => l.level === 'warn')).toHaveLength(1)
    expect(JSON.stringify(factory.lines)).not.toContain(SECRET)
  })
})

describe('limits from options', () => {
  const perAccount = defineCarrier({
    id: 'per-account',
    options: z.object({ quota: z.number().int().optional() }).strict(),
    capabilities: { track: true },
    limits: (o) => ({
      requestsPerSecond: 2,
      ...(o.quota ? { budget: { requests: o.quota, perMs: 3_600_000 } } : {}),
    }),
    setup: () => ({ track: async () => [] }),
  })

  it('takes each instance its own budget, checked when the instance is made', () => {
    expect(perAccount({ quota: 60 }).limits).toEqual({
      requestsPerSecond: 2,
      budget: { requests: 60, perMs: 3_600_000 },
    })
    expect(perAccount({}).limits).toEqual({ requestsPerSecond: 2 })
    expect(() => perAccount({ quota: -1 })).toThrow(/limits\.budget/)
  })
})
