import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TrackingUpdate } from '../domain/schemas.ts'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'

type Scan = TrackingUpdate['events'][number]

const BASE = Date.UTC(2026, 2, 1)
const OFFSETS = [-300, 0, 60, 570] // minutes east of UTC: -05:00, +00:00, +01:00, +09:30

/** One instant written the way a carrier might: `Z`, `+00:00`, `.000Z` or another zone's offset. */
function spell(ms: number, style: number): string {
  const iso = new Date(ms).toISOString()
  if (style === 0) return `${iso.slice(0, 19)}Z`
  if (style === 1) return `${iso.slice(0, 19)}+00:00`
  if (style === 2) return iso
  const offset = OFFSETS[style % OFFSETS.length] as number
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** A distinct scan: its instant, milestone, code and place (the content that makes it one scan). */
const scanArb = fc.record({
  minute: fc.integer({ min: 0, max: 6 * 24 * 60 }),
  status: fc.constantFrom('info_received', 'in_transit', 'out_for_delivery', 'exception', 'delivered'),
  code: fc.constantFrom('AR', 'DP', 'OD', 'EX', 'DL'),
  city: fc.constantFrom('Memphis', 'Louisville', 'Köln'),
})

/** One sighting of a scan: a source (webhook with the provider's event id, or poll without) and a notation. */
const sightingArb = fc.record({ style: fc.nat(6), webhook: fc.boolean(), spaced: fc.boolean() })

function render(s: ScanShape, i: number, v: Sighting): Scan {
  return {
    status: s.status,
    rawCode: s.code,
    rawText: `${s.code} at ${s.city}`,
    occurredAt: spell(BASE + s.minute * 60_000, v.style),
    location: { city: v.spaced ? `  ${s.city.toUpperCase()} ` : s.city, country: 'US' },
    ...(v.webhook ? { providerEventId: `evt_${i}` } : {}),
  }
}

type ScanShape = { minute: number; status: Scan['status']; code: string; city: string }
type Sighting = { style: number; webhook: boolean; spaced: boolean }

describe('one event per scan (fast-check)', () => {
  it('any mix of sources, time notations and duplicates of N scans leaves N events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .uniqueArray(scanArb, {
            minLength: 1,
            maxLength: 8,
            selector: (s) => `${s.minute}|${s.status}|${s.code}|${s.city}`,
          })
          .chain((scans) =>
            fc.tuple(
              fc.constant(scans),
              fc.array(fc.tuple(fc.nat(scans.length - 1), sightingArb), { minLength: 0, maxLength: 24 }),
              fc.array(sightingArb, { minLength: scans.length, maxLength: scans.length }),
              fc.nat(4),
            ),
          ),
        async ([scans, extra, firsts, batch]) => {
          const wismo = createWismo({
            store: memoryStore(),
            carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
            clock: () => new Date('2026-03-10T00:00:00Z'),
          })
          // Every scan seen at least once, then repeats in any source and notation, in any order.
          const sightings = [
            ...scans.map((s, i) => render(s as ScanShape, i, firsts[i] as Sighting)),
            ...extra.map(([i, v]) => render(scans[i] as ScanShape, i, v)),
          ]
          const size = batch + 1
          for (let from = 0; from < sightings.length; from += size) {
            const events = sightings.slice(from, from + size)
            const source = events.some((e) => e.providerEventId) ? 'webhook' : 'poll'
            await wismo.ingest({ carrier: 'acme', trackingNumber: 'ACME00000001', source, events })
          }
          const view = await wismo.findShipment('acme', 'ACME00000001')
          expect(view?.timeline).toHaveLength(scans.length)
        },
      ),
      { numRuns: 300 },
    )
  }, 120_000)
})
