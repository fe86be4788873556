import { createWismo, isWismoError, type Logger, STATUSES, UNMAPPED_SUB_STATUS } from '@wismo/core'
import { testCarrier } from '@wismo/testing/carrier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { northwindCarrier, northwindCheckDigit } from './carrier.ts'
import {
  NUMBERS,
  northwindHandlers,
  PARCELS,
  PREVIOUS_WEBHOOK_SECRET,
  signedDelivery,
  testNorthwind,
} from './northwind-api.ts'
import { NORTHWIND_STATUS } from './status-map.ts'

const server = setupServer(...northwindHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const parcel = (n: string) => PARCELS[n] ?? expect.fail(`no fixture for ${n}`)

testCarrier({
  name: 'northwind',
  create: () => testNorthwind(),
  knownNumbers: () => [NUMBERS.inTransit, NUMBERS.delivered, NUMBERS.weather],
  unknownNumber: NUMBERS.unknown,
  unknownBehaviour: 'omit',
  config: {
    // The factory is typed with Northwind's options; the suite hands it arbitrary objects.
    factory: (options) => northwindCarrier(options as never),
    invalid: { apiKey: 'nw_live_short', webhookSecrets: [], baseUrl: 'not a url', bogus: true },
    fields: ['apiKey', 'webhookSecrets', 'baseUrl', 'bogus'],
    secretValues: ['nw_live_short'],
  },
  webhook: {
    signedRequest: () => signedDelivery(parcel(NUMBERS.inTransit)),
    staleRequest: () =>
      signedDelivery(parcel(NUMBERS.inTransit), { timestamp: new Date(Date.now() - 60 * 60_000) }),
  },
})

describe('northwind status table', () => {
  it('maps every entry to one of Wismo’s milestones, and a reason code refines its state', () => {
    for (const [code, mapping] of Object.entries(NORTHWIND_STATUS)) {
      expect(STATUSES, code).toContain(mapping.status)
      const [state, reason] = code.split(':')
      if (reason) expect(NORTHWIND_STATUS[state as string]?.status, code).toBe(mapping.status)
    }
  })

  it('covers every milestone a parcel of Northwind’s can reach', () => {
    const reached = new Set(Object.values(NORTHWIND_STATUS).map((m) => m.status))
    // `pending` is Wismo's before any scan and `expired` its own verdict on a silent parcel.
    const expected = STATUSES.filter((s) => s !== 'pending' && s !== 'expired')
    expect([...reached].sort()).toEqual([...expected].sort())
  })

  it('tracks parcels with their milestone, sub-status, raw code, place and promised date', async () => {
    const [transit, delivered] = await testNorthwind().track([NUMBERS.inTransit, NUMBERS.delivered])
    expect(transit).toMatchObject({
      carrierShipmentId: 'npr_7Q2M8K',
      service: 'NEXT_DAY',
      estimates: [{ source: 'carrier_scheduled', date: '2026-03-03' }],
    })
    expect(transit?.events.at(-1)).toMatchObject({
      status: 'in_transit',
      subStatus: 'arrived_at_facility',
      rawCode: 'HUB',
      location: { text: 'York Depot', city: 'York', postalCode: 'YO30 4XB', country: 'GB' },
      providerEventId: 'npr_7Q2M8K:3',
    })
    expect(delivered?.events.map((e) => [e.rawCode, e.status, e.subStatus])).toEqual([
      ['MAN', 'info_received', 'label_created'],
      ['COL', 'in_transit', 'picked_up'],
      ['OFD', 'out_for_delivery', null],
      ['ATT:NH', 'attempt_failed', 'recipient_unavailable'],
      ['OFD', 'out_for_delivery', null],
      ['DEL:SP', 'delivered', 'safe_place'],
    ])
  })

  it('keeps a code the table does not know, without letting it move the milestone', async () => {
    const wismo = createWismo({ carriers: [testNorthwind()] })
    const res = await wismo.webhooks.handle(await signedDelivery(parcel(NUMBERS.weather)))
    expect(res.status).toBe(200)
    const view = await wismo.findShipment('northwind', NUMBERS.weather)
    expect(view?.shipment).toMatchObject({ status: 'exception', subStatus: 'weather_delay' })
    expect(view?.timeline.at(-1)).toMatchObject({
      rawCode: 'XDK',
      rawText: 'Cross-docked at partner hub',
      subStatus: UNMAPPED_SUB_STATUS,
    })
  })

  it('logs an unknown code once, through the host’s logger', async () => {
    const lines: { level: string; obj: object; msg: string | undefined }[] = []
    const logger = Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [
        level,
        (obj: object, msg?: string) => lines.push({ level, obj, msg }),
      ]),
    ) as unknown as Logger
    const wismo = createWismo({ carriers: [testNorthwind()], logger })
    for (let i = 0; i < 2; i++) await wismo.webhooks.handle(await signedDelivery(parcel(NUMBERS.weather)))
    const unmapped = lines.filter((l) => l.msg === 'unmapped carrier status code')
    expect(unmapped).toEqual([
      { level: 'warn', obj: { carrier: 'northwind', code: 'XDK', subCode: null }, msg: expect.any(String) },
    ])
  })

  it('lets the host map a code through statusOverrides', async () => {
    const carrier = testNorthwind({
      statusOverrides: { XDK: { status: 'in_transit', subStatus: 'cross_dock' } },
    })
    const wismo = createWismo({ carriers: [carrier] })
    await wismo.webhooks.handle(await signedDelivery(parcel(NUMBERS.weather)))
    const view = await wismo.findShipment('northwind', NUMBERS.weather)
    expect(view?.shipment).toMatchObject({ status: 'in_transit', subStatus: 'cross_dock' })
  })
})

describe('northwind webhooks through createWismo', () => {
  it('stores a signed delivery and answers 200; a redelivery adds nothing', async () => {
    const wismo = createWismo({ carriers: [testNorthwind()] })
    const first = await wismo.webhooks.handle(await signedDelivery(parcel(NUMBERS.delivered)))
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ ok: true, updates: 1, newEvents: 6 })
    const again = await wismo.webhooks.handle(await signedDelivery(parcel(NUMBERS.delivered)))
    expect(await again.json()).toEqual({ ok: true, updates: 1, newEvents: 0 })
    const view = await wismo.findShipment('northwind', 'nwp-482-019-3751')
    expect(view?.shipment).toMatchObject({
      status: 'delivered',
      subStatus: 'safe_place',
      carrierShipmentId: 'npr_3JX0PD',
    })
    expect(view?.timeline).toHaveLength(6)
  })

  it('accepts the previous secret during a rotation', async () => {
    const wismo = createWismo({ carriers: [testNorthwind()] })
    const res = await wismo.webhooks.handle(
      await signedDelivery(parcel(NUMBERS.inTransit), { secret: PREVIOUS_WEBHOOK_SECRET }),
    )
    expect(res.status).toBe(200)
  })

  it('refuses a bad signature with 401 and stores nothing', async () => {
    const wismo = createWismo({ carriers: [testNorthwind()] })
    const forged = await signedDelivery(parcel(NUMBERS.inTransit), { secret: 'someone-else-s-secret-000' })
    const res = await wismo.webhooks.handle(forged)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ ok: false, error: 'WEBHOOK_INVALID_SIGNATURE' })
    expect(await wismo.findShipment('northwind', NUMBERS.inTransit)).toBeNull()
  })

  it('refuses a delivery signed an hour ago with 401 WEBHOOK_STALE', async () => {
    const wismo = createWismo({ carriers: [testNorthwind()] })
    const old = await signedDelivery(parcel(NUMBERS.inTransit), {
      timestamp: new Date(Date.now() - 3_600_000),
    })
    const res = await wismo.webhooks.handle(old)
    expect([res.status, await res.json()]).toEqual([401, { ok: false, error: 'WEBHOOK_STALE' }])
  })
})

describe('northwind in a host', () => {
  it('is detected from a number with a valid check digit, and not from one without', () => {
    const wismo = createWismo({ carriers: [testNorthwind()] })
    expect(wismo.detectCarrier('NWP 482 019 3744')[0]).toMatchObject({ carrier: 'northwind' })
    expect(northwindCheckDigit('482019374')).toBe(4)
    const badCheck = wismo.detectCarrier('NWP4820193745').find((c) => c.carrier === 'northwind')
    expect(badCheck?.confidence ?? 0).toBeLessThan(0.5)
  })

  it('links a number to Northwind’s public tracking page', () => {
    expect(testNorthwind().trackingUrl?.(NUMBERS.inTransit)).toBe(
      'https://northwind-parcel.example/track/NWP4820193744',
    )
  })

  it('reports a refused API key as CARRIER_AUTH_FAILED, without echoing the key', async () => {
    const wrongKey = 'nw_test_WRONGWRONGWRONG1'
    const error = await testNorthwind({ apiKey: wrongKey })
      .track([NUMBERS.inTransit])
      .catch((e: unknown) => e)
    expect(isWismoError(error, 'CARRIER_AUTH_FAILED'), String(error)).toBe(true)
    expect(JSON.stringify(error)).not.toContain(wrongKey)
  })
})
