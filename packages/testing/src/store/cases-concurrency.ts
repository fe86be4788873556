import { isWismoError, type OutboxRowInput, type Shipment } from '@wismo/core'
import { describe, expect } from 'vitest'
import { eventFixture, shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

const later = (ms: number) => new Date(Date.now() + ms).toISOString()
const nowIso = () => new Date().toISOString()

/** Many writers and workers at once: what lets N processes share one database. */
export function concurrencyCases(h: Harness): void {
  describe('concurrency', () => {
    h.test('creates one shipment when many writers create one identity at once', async () => {
      const first = shipmentFixture()
      const racers = Array.from({ length: 10 }, () =>
        shipmentFixture({ carrier: first.carrier, trackingNumber: first.trackingNumber }),
      )
      const results = await Promise.allSettled(
        racers.map((s) =>
          h.store().commit({
            shipment: s,
            expectedVersion: null,
            events: [eventFixture(s, 1, '2026-03-02T10:00:00Z')],
            outbox: [{ idempotencyKey: `race-${s.id}`, shipmentId: s.id, topic: 't', payload: {} }],
          }),
        ),
      )
      const winners = racers.filter((_, i) => results[i]?.status === 'fulfilled')
      expect(winners).toHaveLength(1)
      for (const r of results)
        if (r.status === 'rejected') expect(isWismoError(r.reason, 'STORE_DUPLICATE')).toBe(true)
      expect((await h.store().findShipment(first))?.id).toBe(winners[0]?.id)
      const probe = h.probe()
      if (probe) {
        for (const s of racers) {
          const won = s.id === winners[0]?.id
          expect(await probe.shipmentVersion(s.id)).toBe(won ? 0 : null)
          expect(await probe.countEvents(s.id)).toBe(won ? 1 : 0)
          expect(await probe.countOutbox(`race-${s.id}`)).toBe(won ? 1 : 0)
        }
      }
    })

    h.test(
      'loses no update when many writers each add their own event (re-read and retry)',
      async () => {
        const shipment = shipmentFixture()
        await h.store().commit({ shipment, expectedVersion: null, events: [], outbox: [] })
        const writer = async (i: number) => {
          const e = eventFixture(shipment, i, `2026-03-02T10:00:${String(i).padStart(2, '0')}Z`)
          for (;;) {
            const current = (await h.store().getShipment(shipment.id)) as Shipment
            try {
              return await h.store().commit({
                shipment: { ...current, version: current.version + 1 },
                expectedVersion: current.version,
                events: [e],
                outbox: [],
              })
            } catch (err) {
              if (!isWismoError(err, 'STORE_CONFLICT')) throw err
            }
          }
        }
        await Promise.all(Array.from({ length: 10 }, (_, i) => writer(i)))
        expect((await h.store().getShipment(shipment.id))?.version).toBe(10)
        expect((await h.store().listEvents(shipment.id)).items).toHaveLength(10)
        const probe = h.probe()
        if (probe) {
          expect(await probe.countEvents(shipment.id)).toBe(10)
          expect(await probe.shipmentVersion(shipment.id)).toBe(10)
        }
      },
      30_000,
    )

    h.test(
      'drains an outbox with many workers, completing every row exactly once',
      async () => {
        const prefix = `drain-${Math.random().toString(36).slice(2)}`
        const batch: OutboxRowInput[] = Array.from({ length: 60 }, (_, i) => ({
          idempotencyKey: `${prefix}-${i}`,
          shipmentId: null,
          topic: 't',
          payload: { i },
        }))
        await h.store().enqueue(batch, { now: nowIso() })
        const completions: string[] = []
        const worker = async (w: string) => {
          for (;;) {
            const claimed = await h
              .store()
              .claimOutbox({ workerId: w, limit: 7, leaseMs: 60_000, now: nowIso() })
            if (claimed.length === 0) return
            for (const row of claimed) {
              await h.store().completeOutbox({
                id: row.id,
                workerId: w,
                providerMessageId: `${w}:${row.id}`,
                now: nowIso(),
              })
              completions.push(row.idempotencyKey)
            }
          }
        }
        await Promise.all(['a', 'b', 'c', 'd', 'e'].map(worker))
        expect(completions.sort()).toEqual(batch.map((r) => r.idempotencyKey).sort())
        const done = await h.store().listOutbox({ state: 'done' })
        expect(done).toHaveLength(60)
        for (const row of done)
          expect(row).toMatchObject({ attempts: 1, completedAt: expect.any(String), leaseUntil: null })
        const probe = h.probe()
        if (probe?.outboxState)
          expect(await probe.outboxState(`${prefix}-0`)).toMatchObject({ state: 'done', attempts: 1 })
      },
      30_000,
    )

    h.test('rejects completing a row twice and failing a row held by another worker', async () => {
      await h
        .store()
        .enqueue([{ idempotencyKey: `twice-${Math.random()}`, shipmentId: null, topic: 't', payload: {} }], {
          now: nowIso(),
        })
      const [row] = await h.store().claimOutbox({ workerId: 'w1', limit: 1, leaseMs: 60_000, now: nowIso() })
      const id = row?.id ?? ''
      await expect(
        h.store().failOutbox({ id, workerId: 'w2', error: 'x', retryAt: null, now: nowIso() }),
      ).rejects.toSatisfy((e) => isWismoError(e, 'STORE_LEASE_LOST'))
      await h.store().completeOutbox({ id, workerId: 'w1', now: nowIso() })
      await expect(h.store().completeOutbox({ id, workerId: 'w1', now: nowIso() })).rejects.toSatisfy((e) =>
        isWismoError(e, 'STORE_LEASE_LOST'),
      )
      await expect(
        h.store().completeOutbox({ id: 'obx_missing', workerId: 'w1', now: nowIso() }),
      ).rejects.toSatisfy((e) => isWismoError(e, 'STORE_NOT_FOUND'))
      expect(
        await h.store().claimOutbox({ workerId: 'w3', limit: 5, leaseMs: 1000, now: later(3_600_000) }),
      ).toEqual([])
    })

    h.test(
      'spreads many due shipments over concurrent pollers without handing one out twice',
      async () => {
        const shipments = Array.from({ length: 30 }, () => shipmentFixture())
        const due = nowIso()
        for (const s of shipments)
          await h
            .store()
            .commit({ shipment: s, expectedVersion: null, events: [], outbox: [], nextPollAt: due })
        const at = later(5)
        const claims = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            h.store().claimDuePolls({ workerId: `p${i}`, limit: 8, leaseMs: 60_000, now: at }),
          ),
        )
        const ids = claims.flat().map((s) => s.id)
        expect(ids).toHaveLength(30)
        expect(new Set(ids)).toEqual(new Set(shipments.map((s) => s.id)))
        expect(
          await h.store().claimDuePolls({ workerId: 'late', limit: 50, leaseMs: 60_000, now: later(10) }),
        ).toEqual([])
        const probe = h.probe()
        for (const [i, claim] of claims.entries()) {
          for (const s of claim) {
            if (probe?.pollOwner) expect(await probe.pollOwner(s.id)).toBe(`p${i}`)
            await h.store().completePoll({ shipmentId: s.id, workerId: `p${i}`, nextPollAt: null })
          }
        }
        expect(
          await h.store().claimDuePolls({ workerId: 'x', limit: 50, leaseMs: 1000, now: later(86_400_000) }),
        ).toEqual([])
      },
      30_000,
    )

    h.test('stops offering polls of a shipment that became terminal', async () => {
      const shipment = shipmentFixture()
      await h
        .store()
        .commit({ shipment, expectedVersion: null, events: [], outbox: [], nextPollAt: nowIso() })
      await h.store().commit({
        shipment: { ...shipment, version: 1, status: 'delivered' },
        expectedVersion: 0,
        events: [],
        outbox: [],
      })
      expect(
        await h.store().claimDuePolls({ workerId: 'p', limit: 10, leaseMs: 1000, now: later(1000) }),
      ).toEqual([])
      await expect(h.store().schedulePoll('shp_missing', nowIso())).rejects.toSatisfy((e) =>
        isWismoError(e, 'STORE_NOT_FOUND'),
      )
    })
  })
}
