import type { RawPayloadInput } from '@wismo/core'
import { describe, expect } from 'vitest'
import { orderFixture, shipmentFixture } from './fixtures.ts'
import { codeOf, type Harness } from './harness.ts'

const fresh = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2)}`

/** A payload as the webhook handler archives it; times are fixed, never the machine's clock. */
const payloadOf = (overrides: Partial<RawPayloadInput> = {}): RawPayloadInput => ({
  id: fresh('raw'),
  source: 'webhook',
  carrier: 'sandbox',
  receivedAt: '2026-03-05T18:00:00.000Z',
  contentType: 'application/json',
  body: '{"tracking_number":"SBX1","note":"Zoë 山田 📦"}',
  truncated: false,
  shipmentIds: [fresh('shp')],
  ...overrides,
})

const stored = ({ shipmentIds: _links, ...rest }: RawPayloadInput) => rest

/**
 * Support search and the diagnostic archive (`archivePayload`, `listPayloads`, `appendOutboxLog`,
 * `listOutboxLog`, `pruneArchive`, `findShipmentsByNumber`, `findOrdersByEmail`): what the ops
 * dashboard reads when a customer asks where their order is.
 */
export function opsCases(h: Harness): void {
  describe('support archive and search', () => {
    h.test('archives a payload under each shipment it changed, byte for byte', async () => {
      const [a, b] = [fresh('shp'), fresh('shp')]
      const payload = payloadOf({ shipmentIds: [a, b, a], truncated: true, contentType: null })
      await h.store().archivePayload(payload)
      for (const id of [a, b])
        expect(await h.store().listPayloads(id)).toEqual({ items: [stored(payload)], nextCursor: null })
      expect((await h.store().listPayloads(fresh('shp'))).items).toEqual([])
    })

    h.test('keeps the first copy of a payload id and adds the new links', async () => {
      const [a, b] = [fresh('shp'), fresh('shp')]
      const first = payloadOf({ shipmentIds: [a] })
      await h.store().archivePayload(first)
      await h.store().archivePayload({ ...first, body: '{"changed":true}', shipmentIds: [a, b] })
      expect((await h.store().listPayloads(a)).items).toEqual([stored(first)])
      expect((await h.store().listPayloads(b)).items).toEqual([stored(first)])
    })

    h.test('lists payloads newest first and pages through them, ties by id', async () => {
      const shipment = fresh('shp')
      const times = ['2026-03-01T10:00:00Z', '2026-03-03T10:00:00Z', '2026-03-02T10:00:00Z']
      const payloads = [
        ...times.map((receivedAt, i) => payloadOf({ id: `raw_${shipment}_${i}`, receivedAt })),
        payloadOf({ id: `raw_${shipment}_a`, receivedAt: '2026-03-02T10:00:00Z' }),
        payloadOf({ id: `raw_${shipment}_b`, receivedAt: '2026-03-02T10:00:00Z' }),
      ].map((p) => ({ ...p, shipmentIds: [shipment] }))
      for (const p of payloads) await h.store().archivePayload(p)
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const page = await h.store().listPayloads(shipment, { limit: 2, cursor })
        seen.push(...page.items.map((p) => p.id))
        cursor = page.nextCursor
        pages++
      } while (cursor && pages < 10)
      const id = (suffix: string) => `raw_${shipment}_${suffix}`
      expect(seen).toEqual([id('1'), id('b'), id('a'), id('2'), id('0')])
      expect(pages).toBe(3)
    })

    h.test('refuses a malformed payload or log line with INPUT_INVALID and stores nothing', async () => {
      const shipment = fresh('shp')
      const bad = { ...payloadOf({ shipmentIds: [shipment] }), receivedAt: 'yesterday' }
      expect(await codeOf(h.store().archivePayload(bad))).toBe('INPUT_INVALID')
      expect((await h.store().listPayloads(shipment)).items).toEqual([])
      const line = { outboxId: fresh('obx'), at: 'now', workerId: 'w1', kind: 'note' as const, text: 'x' }
      expect(await codeOf(h.store().appendOutboxLog([line]))).toBe('INPUT_INVALID')
      expect(await h.store().listOutboxLog([line.outboxId])).toEqual([])
    })

    h.test('keeps an outbox row attempt log in the order appended', async () => {
      const [a, b] = [fresh('obx'), fresh('obx')]
      const at = '2026-03-05T18:00:00.000Z'
      const lines = [
        { outboxId: a, at, workerId: 'w1', kind: 'note' as const, text: 'calling sendgrid (attempt 1)' },
        { outboxId: b, at, workerId: 'w2', kind: 'done' as const, text: 'sent via twilio: SM123' },
        { outboxId: a, at, workerId: 'w1', kind: 'failed' as const, text: 'NOTIFY_TIMEOUT at sendgrid' },
      ]
      await h.store().appendOutboxLog(lines.slice(0, 2))
      await h.store().appendOutboxLog(lines.slice(2))
      await h.store().appendOutboxLog([])
      expect(await h.store().listOutboxLog([a])).toEqual([lines[0], lines[2]])
      expect(await h.store().listOutboxLog([b, a, b])).toEqual(lines)
      expect(await h.store().listOutboxLog([fresh('obx')])).toEqual([])
    })

    h.test(
      'prunes payloads, their links and log lines older than the cut-off, at most limit each',
      async () => {
        const shipment = fresh('shp')
        const old = [1, 2, 3].map((d) =>
          payloadOf({ receivedAt: `2001-01-0${d}T00:00:00Z`, shipmentIds: [shipment] }),
        )
        const kept = payloadOf({ receivedAt: '2001-02-01T00:00:00Z', shipmentIds: [shipment] })
        for (const p of [...old, kept]) await h.store().archivePayload(p)
        const row = fresh('obx')
        const line = (at: string) => ({ outboxId: row, at, workerId: 'w', kind: 'note' as const, text: at })
        await h.store().appendOutboxLog([line('2001-01-01T00:00:00Z'), line('2001-02-02T00:00:00Z')])
        const first = await h.store().pruneArchive({ before: '2001-01-15T00:00:00Z', limit: 2 })
        expect(first).toEqual({ payloads: 2, logEntries: 1 })
        const second = await h.store().pruneArchive({ before: '2001-01-15T00:00:00Z', limit: 2 })
        expect(second).toEqual({ payloads: 1, logEntries: 0 })
        expect((await h.store().listPayloads(shipment)).items).toEqual([stored(kept)])
        expect(await h.store().listOutboxLog([row])).toEqual([line('2001-02-02T00:00:00Z')])
        expect(await codeOf(h.store().pruneArchive({ before: 'soon' }))).toBe('INPUT_INVALID')
      },
    )

    h.test('finds shipments by tracking number at any carrier, oldest first', async () => {
      const number = `SBX${Math.random().toString(36).slice(2, 10).toUpperCase()}`
      const first = shipmentFixture({ trackingNumber: number, createdAt: '2026-03-01T10:00:00.000Z' })
      const second = shipmentFixture({
        trackingNumber: number,
        carrier: 'ups',
        createdAt: '2026-03-02T10:00:00.000Z',
      })
      for (const shipment of [second, first])
        await h.store().commit({ shipment, expectedVersion: null, events: [], outbox: [] })
      const found = await h.store().findShipmentsByNumber(number)
      expect(found.map((s) => s.id)).toEqual([first.id, second.id])
      expect(found[0]?.carrier).toBe('sandbox')
      expect(await h.store().findShipmentsByNumber(number, 1)).toHaveLength(1)
      expect(await h.store().findShipmentsByNumber(`${number}X`)).toEqual([])
    })

    h.test('finds orders by customer e-mail ignoring case', async () => {
      const tag = Math.random().toString(36).slice(2, 10)
      const email = `zoe.${tag}@example.com`
      const a = orderFixture({ createdAt: '2026-03-01T09:30:00.000Z' })
      const b = orderFixture({ createdAt: '2026-03-02T09:30:00.000Z' })
      const other = orderFixture({ customer: { ...a.customer, email: `max.${tag}@example.com` } })
      await h.store().putOrder({ ...b, customer: { ...b.customer, email: `Zoe.${tag}@Example.COM` } })
      await h.store().putOrder({ ...a, customer: { ...a.customer, email } })
      await h.store().putOrder(other)
      const found = await h.store().findOrdersByEmail(`ZOE.${tag}@example.com`)
      expect(found.map((o) => o.id)).toEqual([a.id, b.id])
      expect(await h.store().findOrdersByEmail(`nobody.${tag}@example.com`)).toEqual([])
    })
  })
}
