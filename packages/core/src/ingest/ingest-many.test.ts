import { describe, expect, it } from 'vitest'
import { isWismoError } from '../errors.ts'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier, acmeUpdate, scan } from '../test-carriers.test-helpers.ts'
import { createWismo, type Wismo } from '../wismo.ts'
import type { IngestResult } from './ingest.ts'
import { ingestMany } from './ingest-many.ts'

const at = (minute: number) => new Date(Date.parse('2026-03-02T08:00:00Z') + minute * 60_000).toISOString()
const instance = () =>
  createWismo({
    store: memoryStore(),
    carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
    clock: () => new Date('2026-03-09T00:00:00Z'),
  })

/** 20 parcels, 3 updates each (the last repeats the second), interleaved across parcels. */
const updates = Array.from({ length: 3 }, (_, step) =>
  Array.from({ length: 20 }, (_, p) => {
    const number = `ACME${String(p).padStart(8, '0')}`
    const n = Math.min(step, 1)
    return acmeUpdate(number, [scan(n, n === 0 ? 'in_transit' : 'out_for_delivery', at(n * 60 + p))])
  }),
).flat()

async function stored(wismo: Wismo) {
  const page = await wismo.store.listShipments({ limit: 100 })
  const out = []
  for (const s of page.items) {
    const events = await wismo.store.listEvents(s.id, { limit: 100 })
    out.push([s.trackingNumber, s.status, s.version, events.items.map((e) => e.dedupKey)])
  }
  return out.sort()
}

describe('wismo.ingestMany', () => {
  it('stores what ingesting one by one stores, counts outcomes and reports a bad update by index', async () => {
    const batch = [
      ...updates.slice(0, 30),
      { carrier: 'acme', trackingNumber: '', events: [] },
      ...updates.slice(30),
    ]
    const many = instance()
    const report = await many.ingestMany(batch, { concurrency: 8 })
    const one = instance()
    for (const u of updates) await one.ingest(u)
    expect(await stored(many)).toEqual(await stored(one))
    expect(report).toMatchObject({ created: 20, updated: 20, duplicate: 20, ignored: 0, failed: 1 })
    expect(report.failures.map((f) => [f.index, f.error.code])).toEqual([[30, 'INPUT_INVALID']])
  })

  it('keeps one shipment’s updates in order and at most `concurrency` in flight', async () => {
    let inFlight = 0
    let most = 0
    const seen: string[] = []
    const fake = async (u: unknown): Promise<IngestResult> => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((r) => setImmediate(r))
      const { trackingNumber, events } = u as ReturnType<typeof acmeUpdate>
      seen.push(`${trackingNumber}:${events[0]?.rawCode}`)
      inFlight--
      return { outcome: 'updated', shipment: null, newEvents: [] }
    }
    await ingestMany(fake, updates, { concurrency: 4 })
    expect(most).toBe(4)
    for (let p = 0; p < 20; p++) {
      const mine = seen.filter((s) => s.startsWith(`ACME${String(p).padStart(8, '0')}:`))
      expect(mine.map((s) => s.split(':')[1])).toEqual(['C0', 'C1', 'C1'])
    }
  })

  it('refuses options and batches that are not what it takes', async () => {
    const wismo = instance()
    for (const [batch, options] of [
      [updates, { concurrency: 0 }],
      [updates, { parallel: 2 }],
      ['not a list', {}],
    ] as const) {
      const error = await wismo.ingestMany(batch as never, options as never).catch((e: unknown) => e)
      expect(isWismoError(error, 'INPUT_INVALID')).toBe(true)
    }
  })
})
