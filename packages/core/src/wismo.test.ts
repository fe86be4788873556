import { describe, expect, it, vi } from 'vitest'
import { defineCarrier } from './carrier/define-carrier.ts'
import { isWismoError } from './errors.ts'
import { memoryStore } from './store/memory-store.ts'
import { acmeCarrier, acmeUpdate, fakeFedex, fakeUps, scan } from './test-carriers.test-helpers.ts'
import { createWismo } from './wismo.ts'

const setup = () =>
  createWismo({
    store: memoryStore(),
    carriers: [acmeCarrier({ apiKey: 'secret-key-123' }), fakeUps(), fakeFedex()],
  })
const code = (c: string) => (e: unknown) => isWismoError(e) && e.code === c

describe('createWismo', () => {
  it('registers an order and its shipments, auto-detecting the carrier', async () => {
    const wismo = setup()
    await wismo.registerOrder({
      id: 'A-1',
      customer: { email: 'ana@example.com', timeZone: 'America/Sao_Paulo' },
    })
    const a = await wismo.registerShipment({ orderId: 'A-1', trackingNumber: 'acme 1234 5678' })
    const b = await wismo.registerShipment({ orderId: 'A-1', trackingNumber: '1Z5R89390357567127' })
    expect([a.carrier, a.trackingNumber, b.carrier]).toEqual(['acme', 'ACME12345678', 'ups'])
    expect((await wismo.listShipments('A-1')).map((s) => s.id)).toEqual([a.id, b.id])
    expect((await wismo.registerShipment({ orderId: 'A-1', trackingNumber: 'ACME12345678' })).id).toBe(a.id)
  })

  it('keeps the pieces declared at registration: not delivered until every piece is', async () => {
    const wismo = createWismo({
      store: memoryStore(),
      carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
      clock: () => new Date('2026-03-10T00:00:00Z'),
    })
    const s = await wismo.registerShipment({
      trackingNumber: 'ACME00000009',
      pieces: ['acme-0000-0091', 'ACME00000092'],
      carrier: 'acme',
    })
    expect(s.pieces?.map((p) => [p.trackingNumber, p.status])).toEqual([
      ['ACME00000091', 'pending'],
      ['ACME00000092', 'pending'],
    ])
    const one = { ...scan(1, 'delivered', '2026-03-09T10:00:00Z'), piece: 'ACME00000091' }
    const { shipment } = await wismo.ingest(acmeUpdate('ACME00000009', [one]))
    expect(shipment?.status).toBe('pending')
    expect(shipment?.pieces?.map((p) => p.status)).toEqual(['delivered', 'pending'])
    // Declaring a known piece again changes nothing.
    expect(
      (await wismo.registerShipment({ trackingNumber: 'ACME00000009', pieces: ['ACME00000091'] })).version,
    ).toBe(shipment?.version)
  })

  it('ranks carrier candidates with confidences', () => {
    const [best] = setup().detectCarrier('1Z5R89390357567127')
    expect(best).toMatchObject({ carrier: 'ups', registered: true, source: 'pattern' })
    expect(best?.confidence).toBeGreaterThan(0.5)
    expect(setup().detectCarrier('hello')).toEqual([])
  })

  it('refuses unknown and unrecognised carriers with coded errors', async () => {
    const wismo = setup()
    await expect(wismo.registerShipment({ trackingNumber: 'NOTHING-LIKE-IT' })).rejects.toSatisfy(
      code('CARRIER_UNKNOWN'),
    )
    await expect(
      wismo.registerShipment({ trackingNumber: 'ACME12345678', carrier: 'dhl' }),
    ).rejects.toSatisfy(code('CARRIER_UNKNOWN'))
    await expect(
      wismo.registerShipment({ orderId: 'nope', trackingNumber: 'ACME12345678' }),
    ).rejects.toSatisfy(code('ORDER_NOT_FOUND'))
    await expect(
      wismo.registerOrder({ id: 'x', customer: { email: 'not-an-email' } } as never),
    ).rejects.toSatisfy(code('INPUT_INVALID'))
    expect(await wismo.store.countByStatus()).toEqual({})
  })

  it('ingests scans, derives status and emits typed events once', async () => {
    const wismo = setup()
    const seen: string[] = []
    for (const name of ['shipment.created', 'shipment.status_changed', 'shipment.delivered'] as const)
      wismo.on(name, () => seen.push(name))
    const update = acmeUpdate('ACME00000001', [
      scan(1, 'in_transit', '2026-03-01T10:00:00-05:00'),
      scan(2, 'delivered', '2026-03-02T10:00:00-05:00'),
    ])
    const first = await wismo.ingest(update)
    expect(first.outcome).toBe('created')
    expect(first.shipment?.status).toBe('delivered')
    const again = await wismo.ingest(update)
    expect(again.outcome).toBe('duplicate')
    expect(seen).toEqual(['shipment.created', 'shipment.status_changed', 'shipment.delivered'])
    const view = await wismo.getShipment(first.shipment?.id ?? '')
    expect(view.timeline.map((e) => e.rawCode)).toEqual(['C1', 'C2'])
    expect(await wismo.store.listOutbox({ shipmentId: view.shipment.id })).toHaveLength(1)
    expect(await wismo.store.listDeliveries({})).toMatchObject([
      { shipmentId: view.shipment.id, deliveredAt: '2026-03-02T15:00:00.000Z' },
    ])
  })

  it('rejects malformed updates and unknown carriers without changing anything', async () => {
    const wismo = setup()
    const bad = [
      null,
      { carrier: 'acme' },
      acmeUpdate('ACME00000001', [scan(1, 'teleported' as never, '2026-03-01T10:00:00Z')]),
      acmeUpdate('ACME00000001', [scan(1, 'in_transit', '2026-02-30T10:00:00Z')]),
      { ...acmeUpdate('ACME00000001', []), extra: true },
    ]
    for (const u of bad) await expect(wismo.ingest(u)).rejects.toSatisfy(code('INPUT_INVALID'))
    await expect(wismo.ingest({ ...acmeUpdate('X1', []), carrier: 'dhl' })).rejects.toSatisfy(
      code('CARRIER_UNKNOWN'),
    )
    expect(await wismo.store.countByStatus()).toEqual({})
  })

  it('loses no update when many ingests of one shipment race', async () => {
    const wismo = setup()
    await wismo.registerShipment({ trackingNumber: 'ACME00000002' })
    const updates = Array.from({ length: 40 }, (_, i) =>
      acmeUpdate('ACME00000002', [scan(i, 'in_transit', `2026-03-01T10:${String(i).padStart(2, '0')}:00Z`)]),
    )
    await Promise.all(updates.map((u) => wismo.ingest(u)))
    const view = await wismo.findShipment('acme', 'ACME00000002')
    expect(view?.timeline).toHaveLength(40)
    expect(view?.shipment.version).toBe(40)
    expect(view?.shipment.lastEventAt).toBe('2026-03-01T10:39:00Z')
  })

  it('keeps a committed ingest when a listener throws', async () => {
    const error = vi.fn()
    const wismo = createWismo({
      carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
      logger: { debug() {}, info() {}, warn() {}, error },
    })
    wismo.on('shipment.created', () => {
      throw new Error('host bug')
    })
    const r = await wismo.ingest(acmeUpdate('ACME00000003', [scan(1, 'in_transit', '2026-03-01T10:00:00Z')]))
    expect(r.outcome).toBe('created')
    expect(error).toHaveBeenCalledOnce()
  })

  it('matches an update carrying the carrier shipment id to a shipment registered by number', async () => {
    const wismo = setup()
    const registered = await wismo.registerShipment({ trackingNumber: 'ACME00000005' })
    const r = await wismo.ingest({
      ...acmeUpdate('ACME00000005', [scan(1, 'in_transit', '2026-03-01T10:00:00Z')]),
      carrierShipmentId: 'uid-9',
    })
    expect(r.shipment?.id).toBe(registered.id)
    expect(r.shipment?.carrierShipmentId).toBe('uid-9')
    expect((await wismo.store.countByStatus()).in_transit).toBe(1)
  })

  it('ignores unregistered numbers when asked to', async () => {
    const wismo = createWismo({
      carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
      unknownShipments: 'ignore',
    })
    expect(
      (await wismo.ingest(acmeUpdate('ACME00000004', [scan(1, 'in_transit', '2026-03-01T10:00:00Z')])))
        .outcome,
    ).toBe('ignored')
  })

  it('by default ignores unknown numbers only from carriers whose webhooks cover the whole account', async () => {
    const aggregator = defineCarrier({
      id: 'hub',
      capabilities: { track: true, webhooks: true, accountWebhooks: true },
      setup: () => ({ track: async () => [] }),
    })()
    const update = (carrier: string, n: string) => ({
      ...acmeUpdate(n, [scan(1, 'in_transit', '2026-03-01T10:00:00Z')]),
      carrier,
    })
    const auto = createWismo({ carriers: [acmeCarrier({ apiKey: 'secret-key-123' }), aggregator] })
    expect((await auto.ingest(update('hub', 'ACME00000006'))).outcome).toBe('ignored')
    expect((await auto.ingest(update('acme', 'ACME00000006'))).outcome).toBe('created')
    // Once registered, the aggregator's updates for the number are applied.
    await auto.registerShipment({ trackingNumber: 'ACME00000007', carrier: 'hub' })
    expect((await auto.ingest(update('hub', 'ACME00000007'))).outcome).toBe('updated')
    const perCarrier = createWismo({
      carriers: [acmeCarrier({ apiKey: 'secret-key-123' }), aggregator],
      unknownShipments: { hub: 'create', acme: 'ignore' },
    })
    expect((await perCarrier.ingest(update('hub', 'ACME00000006'))).outcome).toBe('created')
    expect((await perCarrier.ingest(update('acme', 'ACME00000008'))).outcome).toBe('ignored')
  })

  it('validates its own options', () => {
    expect(() => createWismo({ carriers: [{}] } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
    const dup = () => createWismo({ carriers: [fakeUps(), fakeUps()] })
    expect(dup).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})
