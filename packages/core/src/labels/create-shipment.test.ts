import { describe, expect, it, vi } from 'vitest'
import { defineCarrier } from '../carrier/define-carrier.ts'
import type { LabelPurchasing, LabelQuoteInput, PurchasedLabel } from '../carrier/labels.ts'
import { isWismoError } from '../errors.ts'
import type { WismoStore } from '../store/contract.ts'
import { memoryStore } from '../store/memory-store.ts'
import { createWismo } from '../wismo.ts'
import { LABEL_LEASE_MS } from './create-shipment.ts'
import { chooseRate } from './rates.ts'

/** A vendor in memory: counts what it was asked, buys each quote once, can fail on cue. */
function fakeVendor() {
  const calls = { quote: 0, buy: 0, recover: 0 }
  const bought = new Map<string, PurchasedLabel>()
  const inputs: LabelQuoteInput[] = []
  const faults = {
    quote: null as Error | null,
    afterBuy: null as Error | null,
    /** Quotes wait for this while it is set (a slow vendor). */
    quoteGate: null as Promise<void> | null,
  }
  const labels: LabelPurchasing = {
    async quote(input) {
      calls.quote++
      await faults.quoteGate
      if (faults.quote) throw faults.quote
      inputs.push(input)
      return {
        ref: `q${calls.quote}`,
        rates: [
          { id: 'r-ground', service: 'Ground', amount: 7.1, currency: 'USD', deliveryDays: 5 },
          { id: 'r-air', service: 'Air', amount: 21.5, currency: 'USD', deliveryDays: 1 },
          { id: 'r-saver', service: 'Saver', amount: 7.1, currency: 'USD', deliveryDays: 3 },
        ],
      }
    },
    async buy(quote, rate, { requestKey }) {
      calls.buy++
      if (bought.has(quote.ref)) throw new Error(`quote ${quote.ref} already bought`)
      const label: PurchasedLabel = {
        trackingNumber: `ACME${String(10_000_000 + bought.size).slice(-8)}`,
        carrierShipmentId: `v-${quote.ref}`,
        service: rate.service,
        rate: { amount: rate.amount, currency: rate.currency },
        label: { url: `https://labels.example/${requestKey}.pdf`, format: 'PDF' },
        estimates: [{ source: 'carrier_scheduled', date: '2026-03-09', confidence: 0.6 }],
      }
      bought.set(quote.ref, label)
      // The vendor has bought; the answer is lost on the way back (a timeout, a crash).
      if (faults.afterBuy) throw faults.afterBuy
      return label
    },
    async recover(ref) {
      calls.recover++
      return bought.get(ref) ?? null
    },
  }
  const carrier = defineCarrier({
    id: 'acme',
    capabilities: { track: true, createShipment: true },
    setup: () => ({ track: async () => [], labels }),
  })()
  return { carrier, calls, bought, inputs, faults }
}

const T0 = Date.parse('2026-03-02T12:00:00.000Z')
const address = (city: string, postalCode: string) => ({
  name: 'Ana Lima',
  street1: '1 Main St',
  city,
  region: 'NY',
  postalCode,
  country: 'us',
})
const request = {
  orderId: 'A-1001',
  carrier: 'acme',
  from: address('Boston', '02210'),
  to: address('New York', '10001'),
  parcels: [{ weightKg: 1.2, lengthCm: 30, widthCm: 20, heightCm: 10 }],
}

async function setup(store: WismoStore = memoryStore()) {
  const vendor = fakeVendor()
  let now = T0
  const wismo = createWismo({ store, carriers: [vendor.carrier], clock: () => new Date(now) })
  await wismo.registerOrder({ id: 'A-1001', customer: { email: 'ana@example.com' } })
  return { wismo, vendor, store, advance: (ms: number) => (now += ms) }
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise
    return null
  } catch (e) {
    return isWismoError(e) ? { code: e.code, details: e.details } : e
  }
}

describe('createShipment', () => {
  it('buys the cheapest label, stores the shipment on the order with its ETA and starts tracking', async () => {
    const { wismo, vendor } = await setup()
    const created = await wismo.createShipment(request)
    expect(created.created).toBe(true)
    // Ground and Saver cost the same; the faster one wins the tie.
    expect(created.rate).toMatchObject({ id: 'r-saver', service: 'Saver' })
    expect(created.label).toEqual({
      url: expect.stringMatching(/^https:\/\/labels\.example\/lbl:/),
      format: 'PDF',
    })
    expect(created.shipment).toMatchObject({
      orderId: 'A-1001',
      carrier: 'acme',
      trackingNumber: 'ACME10000000',
      carrierShipmentId: 'v-q1',
      service: 'Saver',
      destination: { city: 'New York', postalCode: '10001', country: 'US' },
      features: { weightKg: 1.2, volumeCm3: 6000 },
    })
    expect(created.shipment.eta?.best).toMatchObject({ source: 'carrier_scheduled', date: '2026-03-09' })
    expect(await wismo.listShipments('A-1001')).toHaveLength(1)
    expect(vendor.inputs[0]?.to.country).toBe('US')
    expect(vendor.calls).toEqual({ quote: 1, buy: 1, recover: 0 })
  })

  it('answers a repeated call with the same label and shipment, buying nothing', async () => {
    const { wismo, vendor } = await setup()
    const first = await wismo.createShipment(request)
    const again = await wismo.createShipment({ ...request, service: 'fastest' })
    expect(again).toEqual({ ...first, created: false })
    expect(vendor.calls.buy).toBe(1)
    // Another reference is another shipment of the order.
    const second = await wismo.createShipment({ ...request, reference: 'box 2', service: 'fastest' })
    expect(second.rate.service).toBe('Air')
    expect(second.shipment.id).not.toBe(first.shipment.id)
    expect(vendor.calls.buy).toBe(2)
  })

  it('never buys twice when the purchase answer is lost: the retry recovers the bought label', async () => {
    const { wismo, vendor } = await setup()
    vendor.faults.afterBuy = new Error('socket hang up')
    expect(await codeOf(wismo.createShipment(request))).toMatchObject({ code: 'CARRIER_FAILED' })
    vendor.faults.afterBuy = null
    const retried = await wismo.createShipment(request)
    expect(vendor.calls).toEqual({ quote: 1, buy: 1, recover: 1 })
    expect(retried.shipment.trackingNumber).toBe('ACME10000000')
    expect(vendor.bought.size).toBe(1)
  })

  it('never buys twice after a crash between purchase and storage (lease taken over once expired)', async () => {
    const base = memoryStore()
    let dead = false
    // The process dies right after the purchase: neither the `bought` step nor anything after it
    // reaches the store, so its lease is not given back either.
    const store: WismoStore = {
      ...base,
      saveLabelRequest: async (save) => {
        if (save.state === 'bought') dead = true
        if (dead) throw new Error('SIGKILL')
        return base.saveLabelRequest(save)
      },
    }
    const { wismo, vendor, advance } = await setup(store)
    expect(await codeOf(wismo.createShipment(request))).toBeInstanceOf(Error)
    dead = false
    store.saveLabelRequest = base.saveLabelRequest
    // Until the dead call's lease runs out, a retry is told to wait; then it takes over.
    expect(await codeOf(wismo.createShipment(request))).toMatchObject({ code: 'SHIPMENT_CREATE_IN_PROGRESS' })
    advance(LABEL_LEASE_MS + 1)
    const retried = await wismo.createShipment(request)
    expect(vendor.calls).toEqual({ quote: 1, buy: 1, recover: 1 })
    expect(retried.created).toBe(true)
    expect((await wismo.createShipment(request)).shipment.id).toBe(retried.shipment.id)
    expect(vendor.bought.size).toBe(1)
  })

  it('lets one of two concurrent calls buy; the other is told to retry, then gets the same label', async () => {
    const { wismo, vendor } = await setup()
    let release = () => {}
    vendor.faults.quoteGate = new Promise((resolve) => {
      release = resolve
    })
    // The first call holds the request while the vendor is slow; the second arrives meanwhile.
    const first = wismo.createShipment(request)
    await vi.waitFor(() => expect(vendor.calls.quote).toBe(1))
    expect(await codeOf(wismo.createShipment(request))).toMatchObject({ code: 'SHIPMENT_CREATE_IN_PROGRESS' })
    release()
    expect((await first).created).toBe(true)
    const later = await wismo.createShipment(request)
    expect(later.created).toBe(false)
    expect(vendor.calls.buy).toBe(1)
  })

  it('validates addresses and parcels before any call, naming the field', async () => {
    const { wismo, vendor } = await setup()
    const bad = await codeOf(
      wismo.createShipment({
        ...request,
        to: { ...request.to, country: 'USA' },
        parcels: [{ weightKg: -1 }],
      }),
    )
    expect(bad).toMatchObject({ code: 'INPUT_INVALID' })
    expect(JSON.stringify(bad)).toContain('to.country')
    expect(JSON.stringify(bad)).toContain('parcels.0.weightKg')
    const sides = await codeOf(wismo.createShipment({ ...request, parcels: [{ weightKg: 1, lengthCm: 3 }] }))
    expect(JSON.stringify(sides)).toContain('lengthCm, widthCm and heightCm together')
    expect(vendor.calls.quote).toBe(0)
  })

  it('refuses an unknown service with the services quoted, and a retry may correct it', async () => {
    const { wismo, vendor } = await setup()
    const refused = await codeOf(wismo.createShipment({ ...request, service: 'Teleport' }))
    expect(refused).toMatchObject({
      code: 'SHIPMENT_SERVICE_UNKNOWN',
      details: { field: 'service', available: ['Ground', 'Air', 'Saver'] },
    })
    const ok = await wismo.createShipment({ ...request, service: 'air' })
    expect(ok.rate.service).toBe('Air')
    expect(vendor.calls.buy).toBe(1)
  })

  it('gives a refusal of the vendor back and keeps the request free for a retry', async () => {
    const { wismo, vendor } = await setup()
    const { WismoError } = await import('../errors.ts')
    vendor.faults.quote = new WismoError('SHIPMENT_ADDRESS_INVALID', 'no such street', {
      details: { field: 'to.street1' },
    })
    expect(await codeOf(wismo.createShipment(request))).toMatchObject({
      code: 'SHIPMENT_ADDRESS_INVALID',
      details: { field: 'to.street1' },
    })
    vendor.faults.quote = null
    expect((await wismo.createShipment(request)).created).toBe(true)
  })

  it('refuses an unknown order, an unknown carrier and a carrier that buys no labels', async () => {
    const { wismo } = await setup()
    expect(await codeOf(wismo.createShipment({ ...request, orderId: 'nope' }))).toMatchObject({
      code: 'ORDER_NOT_FOUND',
    })
    expect(await codeOf(wismo.createShipment({ ...request, carrier: 'dhl' }))).toMatchObject({
      code: 'CARRIER_UNKNOWN',
    })
    const trackOnly = defineCarrier({
      id: 'track-only',
      capabilities: { track: true },
      setup: () => ({ track: async () => [] }),
    })()
    const other = createWismo({ carriers: [trackOnly] })
    await other.registerOrder({ id: 'A-1001' })
    expect(await codeOf(other.createShipment({ ...request, carrier: 'track-only' }))).toMatchObject({
      code: 'CARRIER_UNSUPPORTED',
    })
  })
})

describe('chooseRate', () => {
  const now = new Date(T0)
  const rates = [
    { id: 'a', service: 'Slow', amount: 5, currency: 'USD', deliveryDays: null },
    { id: 'b', service: 'Dated', amount: 9, currency: 'USD', deliveryDate: '2026-03-03' },
    { id: 'c', service: 'Quick', amount: 12, currency: 'USD', deliveryDays: 2 },
  ]
  it('picks the fewest days (a stated date counts from now) and ranks rates stating neither last', () => {
    expect(chooseRate(rates, 'fastest', now).id).toBe('b')
    expect(chooseRate(rates, 'cheapest', now).id).toBe('a')
    expect(chooseRate(rates, 'QUICK', now).id).toBe('c')
  })
})
