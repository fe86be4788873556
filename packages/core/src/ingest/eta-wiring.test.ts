import { describe, expect, it } from 'vitest'
import type { WismoStore } from '../store/contract.ts'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier, acmeUpdate, scan } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const lane = {
  origin: { region: 'CA', country: 'US' },
  destination: { region: 'NY', country: 'US' },
} as const

function world(store: WismoStore = memoryStore(), withModel = true, start = '2026-03-02T12:00:00Z') {
  let t = Date.parse(start)
  const clock = {
    now: () => new Date(t),
    set: (iso: string) => {
      t = Date.parse(iso)
    },
    advance: (ms: number) => {
      t += ms
    },
  }
  const wismo = createWismo({
    store,
    carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
    clock: clock.now,
    ...(withModel ? { eta: { calendars: { timeZone: 'America/New_York' } } } : {}),
  })
  return { wismo, clock, store }
}

const iso = (ms: number) => new Date(ms).toISOString()
const number = (n: number) => `ACME${String(n).padStart(8, '0')}`

/** A sandbox-like journey: hand-over scan, one transit scan, delivery `days` later. */
async function deliver(w: ReturnType<typeof world>, n: number, handoverMs: number, days: number) {
  await w.wismo.registerShipment({ trackingNumber: number(n), carrier: 'acme', ...lane })
  w.clock.set(iso(handoverMs + days * DAY + HOUR))
  await w.wismo.ingest(
    acmeUpdate(number(n), [
      scan(1, 'in_transit', iso(handoverMs)),
      scan(2, 'in_transit', iso(handoverMs + (days / 2) * DAY)),
      scan(3, 'delivered', iso(handoverMs + days * DAY)),
    ]),
  )
}

/** The local date part of an estimate. */
const dateOf = (s: string | null | undefined) => (s ?? '').slice(0, 10)

// Each test learns hundreds of synthetic deliveries: seconds on a busy machine, so a generous timeout.
describe('ETA wired into ingest', { timeout: 60_000 }, () => {
  it('warms from the store and gives an in-transit shipment a model ETA with a window', async () => {
    const store = memoryStore()
    const seed = world(store, false)
    const base = Date.parse('2026-03-02T15:00:00Z')
    for (let i = 0; i < 30; i++) await deliver(seed, i, base + (i % 10) * DAY, 3 + (i % 3))
    expect((await store.listDeliveries({})).length).toBe(30)

    const w = world(store, true, '2026-04-06T16:00:00Z')
    await w.wismo.registerShipment({ trackingNumber: number(100), carrier: 'acme', ...lane })
    const { shipment } = await w.wismo.ingest(
      acmeUpdate(number(100), [scan(1, 'in_transit', '2026-04-06T14:00:00Z')]),
    )
    const best = shipment?.eta?.best
    expect(best?.source).toBe('model')
    expect(best?.earliest).toBeTruthy()
    expect(best?.latest).toBeTruthy()
    expect(dateOf(best?.earliest) <= dateOf(best?.date) && dateOf(best?.date) <= dateOf(best?.latest)).toBe(
      true,
    )
    expect(dateOf(best?.date) > '2026-04-06').toBe(true)
  })

  it('learns from deliveries as they complete: later estimates move', async () => {
    const w = world()
    const base = Date.parse('2026-03-02T15:00:00Z')
    for (let i = 0; i < 20; i++) await deliver(w, i, base + (i % 5) * DAY, 2)
    const ask = async (n: number, at: string) => {
      w.clock.set(at)
      await w.wismo.registerShipment({ trackingNumber: number(n), carrier: 'acme', ...lane })
      const r = await w.wismo.ingest(acmeUpdate(number(n), [scan(1, 'in_transit', at)]))
      return r.shipment?.eta?.best
    }
    const before = await ask(500, '2026-03-16T14:00:00Z')
    expect(before?.source).toBe('model')
    // A run of slow deliveries on the same lane, learned online from the ingests that complete them.
    for (let i = 0; i < 40; i++)
      await deliver(w, 1000 + i, Date.parse('2026-03-16T15:00:00Z') + (i % 5) * DAY, 12)
    const after = await ask(501, '2026-04-13T14:00:00Z')
    expect(after?.source).toBe('model')
    const span = (b: typeof before, from: string) => (Date.parse(dateOf(b?.date)) - Date.parse(from)) / DAY
    expect(span(after, '2026-04-13')).toBeGreaterThan(span(before, '2026-03-16') + 3)
  })

  it('counts parcels still on their way as censored, live and after a restart, and forgets cancelled ones', async () => {
    const store = memoryStore()
    const w = world(store)
    const base = Date.parse('2026-03-02T15:00:00Z')
    for (let i = 0; i < 30; i++) await deliver(w, i, base + (i % 5) * DAY, 2)
    // A slowdown: 80 parcels handed over on 9–13 March, none delivered by the 20th.
    for (let i = 0; i < 80; i++) {
      const at = iso(Date.parse('2026-03-09T15:00:00Z') + (i % 5) * DAY)
      w.clock.set(at)
      await w.wismo.registerShipment({ trackingNumber: number(200 + i), carrier: 'acme', ...lane })
      await w.wismo.ingest(acmeUpdate(number(200 + i), [scan(1, 'in_transit', at)]))
    }
    const now = '2026-03-20T14:00:00Z'
    const ask = async (x: ReturnType<typeof world>, at = now) => {
      x.clock.set(at)
      const model = await x.wismo.eta.model()
      const p = model?.predict({
        shipment: {
          carrier: 'acme',
          service: null,
          originRegion: 'CA',
          destinationRegion: 'NY',
          destinationCountry: 'US',
        },
        from: 'handover',
        startedAt: at,
        now: at,
      })
      return p?.quantiles[1]?.workDays ?? Number.NaN
    }
    const live = await ask(w)
    const restarted = await ask(world(store, true, now))
    // The same deliveries without the parcels in flight: the 2-day lane it learned.
    const calm = world(memoryStore(), true)
    for (let i = 0; i < 30; i++) await deliver(calm, i, base + (i % 5) * DAY, 2)
    const usual = await ask(calm)
    expect(usual).toBeLessThan(3)
    expect(live).toBeGreaterThan(usual + 1)
    // They have waited 7–9 working days: at least that long, not an arbitrary tail.
    expect(live).toBeLessThan(12)
    // A new process warms from the store's in-flight shipments and agrees (recency weights are
    // taken against different reference instants, hence not bit-equal).
    expect(Math.abs(restarted - live)).toBeLessThan(0.05)
    // Cancelled and lost parcels stop counting: the answer falls back towards the usual one.
    for (let i = 0; i < 80; i++) {
      const ending =
        i % 2 === 0
          ? scan(2, 'cancelled', iso(Date.parse(now) - HOUR))
          : { ...scan(2, 'exception', iso(Date.parse(now) - HOUR)), subStatus: 'lost' }
      await w.wismo.ingest(acmeUpdate(number(200 + i), [ending]))
    }
    // Current conditions are refitted hourly (or every 64 changes): ask an hour later.
    const afterCancel = await ask(w, iso(Date.parse(now) + 2 * HOUR))
    expect(afterCancel).toBeLessThan(live - 1)
  })

  it('fires shipment.delayed once for a carrier delay, and a redelivery is a no-op', async () => {
    const w = world()
    const fired: string[] = []
    w.wismo.on('shipment.delayed', (e) => fired.push(`${e.signal}:${e.reason}`))
    await w.wismo.registerShipment({ trackingNumber: number(7), carrier: 'acme', ...lane })
    const update = acmeUpdate(number(7), [
      scan(1, 'in_transit', '2026-03-02T09:00:00Z'),
      { ...scan(2, 'in_transit', '2026-03-02T11:00:00Z'), subStatus: 'weather_delay' },
    ])
    const first = await w.wismo.ingest(update)
    expect(first.outcome).toBe('updated')
    expect(first.shipment?.eta?.signals?.active).toEqual(['delayed'])
    expect(fired).toEqual(['delayed:carrier reported weather_delay'])
    const again = await w.wismo.ingest(update)
    expect(again.outcome).toBe('duplicate')
    expect(again.shipment?.version).toBe(first.shipment?.version)
    expect(fired).toHaveLength(1)
    const rows = (await w.store.listOutbox({})).filter((r) => r.topic === 'shipment.delayed')
    expect(rows).toHaveLength(1)
    expect(rows[0]?.payload).toMatchObject({ signal: 'delayed', shipmentId: first.shipment?.id })
  })

  it('fires shipment.stalled from the worker pass once the lane usual silence has passed', async () => {
    const w = world(memoryStore(), false)
    const stalled: string[] = []
    w.wismo.on('shipment.stalled', (e) => stalled.push(e.shipment.id))
    const s = await w.wismo.registerShipment({ trackingNumber: number(8), carrier: 'acme', ...lane })
    await w.wismo.ingest(acmeUpdate(number(8), [scan(1, 'in_transit', '2026-03-02T10:00:00Z')]))
    expect(await w.wismo.workers.detectSignals({ workerId: 'sig' })).toMatchObject({ checked: 1, fired: 0 })
    w.clock.advance(100 * HOUR) // past the default 96 h for in_transit
    expect(await w.wismo.workers.detectSignals({ workerId: 'sig' })).toMatchObject({
      checked: 1,
      updated: 1,
      fired: 1,
    })
    expect(await w.wismo.workers.detectSignals({ workerId: 'sig' })).toMatchObject({ fired: 0, updated: 0 })
    expect(stalled).toEqual([s.id])
    const rows = (await w.store.listOutbox({})).filter((r) => r.topic === 'shipment.stalled')
    expect(rows).toHaveLength(1)
    const saved = (await w.wismo.getShipment(s.id)).shipment
    expect(saved.eta?.signals?.active).toEqual(['stalled'])
    // A new scan ends the episode.
    await w.wismo.ingest(acmeUpdate(number(8), [scan(2, 'in_transit', w.clock.now().toISOString())]))
    expect((await w.wismo.getShipment(s.id)).shipment.eta?.signals?.active).toEqual([])
  })

  it('retries the signal pass on a version race', async () => {
    const w = world(memoryStore(), false)
    const s = await w.wismo.registerShipment({ trackingNumber: number(9), carrier: 'acme', ...lane })
    await w.wismo.ingest(acmeUpdate(number(9), [scan(1, 'in_transit', '2026-03-02T10:00:00Z')]))
    w.clock.advance(100 * HOUR)
    const commit = w.store.commit.bind(w.store)
    let raced = false
    w.store.commit = async (write) => {
      if (!raced) {
        raced = true
        const current = (await w.store.getShipment(s.id)) ?? s
        await commit({
          shipment: { ...current, version: current.version + 1 },
          expectedVersion: current.version,
          events: [],
          outbox: [],
        })
      }
      return commit(write)
    }
    expect(await w.wismo.workers.detectSignals({ workerId: 'sig' })).toMatchObject({ updated: 1, fired: 1 })
    expect(raced).toBe(true)
  })

  it('keeps a repeated update a no-op with the model on', async () => {
    const w = world()
    const base = Date.parse('2026-03-02T15:00:00Z')
    for (let i = 0; i < 10; i++) await deliver(w, i, base + (i % 5) * DAY, 3)
    w.clock.set('2026-03-20T12:00:00Z')
    await w.wismo.registerShipment({ trackingNumber: number(77), carrier: 'acme', ...lane })
    const update = {
      ...acmeUpdate(number(77), [scan(1, 'in_transit', '2026-03-20T10:00:00Z')]),
      estimates: [{ source: 'carrier_scheduled' as const, date: '2026-03-24', confidence: 0.7 }],
    }
    const first = await w.wismo.ingest(update)
    w.clock.advance(60_000) // a redelivery a minute later: only madeAt could differ
    const again = await w.wismo.ingest(update)
    expect(again.outcome).toBe('duplicate')
    expect(again.shipment?.version).toBe(first.shipment?.version)
  })
})

// Each test learns hundreds of synthetic deliveries: seconds on a busy machine, so a generous timeout.
describe('ETA features and postal areas from registration', { timeout: 60_000 }, () => {
  it('stores the features given at registration and learns deliveries with them and their postal area', async () => {
    const store = memoryStore()
    const wismo = createWismo({
      store,
      carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
      // After the scans below: a scan dated days past its receipt would not count (future-scan rule).
      clock: () => new Date('2026-03-06T12:00:00Z'),
      eta: { calendars: { timeZone: 'America/New_York' }, estimate: { postalAreaLength: 3 } },
    })
    const features = { weightKg: 2.5, volumeCm3: 12_000, freight: 18.9, handlingDays: 1, distanceKm: 3_940 }
    const registered = await wismo.registerShipment({
      trackingNumber: number(1),
      carrier: 'acme',
      origin: { region: 'CA', country: 'US' },
      destination: { region: 'NY', country: 'US', postalCode: '10001' },
      features,
    })
    expect(registered.features).toEqual(features)
    expect((await store.getShipment(registered.id))?.features).toEqual(features)
    await wismo.ingest(
      acmeUpdate(number(1), [
        scan(1, 'in_transit', '2026-03-02T15:00:00Z'),
        scan(2, 'delivered', '2026-03-05T15:00:00Z'),
      ]),
    )
    const [record] = await store.listDeliveries({})
    expect(record).toMatchObject({ ...features, destinationArea: '100', originRegion: 'CA' })
  })

  it('refuses features that cannot be right with INPUT_INVALID, storing nothing', async () => {
    const w = world()
    for (const features of [{ weightKg: -1 }, { freight: Number.NaN }, { colour: 'red' }]) {
      await expect(
        w.wismo.registerShipment({ trackingNumber: number(2), carrier: 'acme', features } as never),
      ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    }
    expect((await w.store.listShipments({})).items).toHaveLength(0)
  })
})

// Each test learns hundreds of synthetic deliveries: seconds on a busy machine, so a generous timeout.
describe('wismo.eta', { timeout: 60_000 }, () => {
  it('is null without eta options', async () => {
    const w = world(memoryStore(), false)
    expect(await w.wismo.eta.model()).toBeNull()
    expect(await w.wismo.eta.promiseDate({ carrier: 'acme', ...lane })).toBeNull()
  })

  it('promises a date at the promise quantile once orders with purchase times were delivered', async () => {
    const w = world()
    for (let i = 0; i < 20; i++) {
      const bought = Date.parse('2026-03-02T13:00:00Z') + (i % 5) * DAY
      w.clock.set(iso(bought))
      await w.wismo.registerOrder({ id: `A-${i}`, customer: { email: 'ana@example.com' } })
      await w.wismo.registerShipment({
        orderId: `A-${i}`,
        trackingNumber: number(i),
        carrier: 'acme',
        ...lane,
      })
      w.clock.set(iso(bought + 6 * DAY))
      await w.wismo.ingest(
        acmeUpdate(number(i), [
          scan(1, 'in_transit', iso(bought + DAY)),
          scan(2, 'delivered', iso(bought + 3 * DAY)),
        ]),
      )
    }
    w.clock.set('2026-03-16T13:00:00Z') // a Monday: about 3 working days ahead
    const date = await w.wismo.eta.promiseDate({ carrier: 'acme', ...lane })
    expect(date).not.toBeNull()
    expect((date ?? '') >= '2026-03-18' && (date ?? '') <= '2026-03-23').toBe(true)
  })
})
