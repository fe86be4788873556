import { type Carrier, normalizeTrackingNumber } from '@wismo/core'
import { expect } from 'vitest'
import { DEFAULT_FOREIGN_NUMBERS, errorOf, expectCode, expectValidUpdate, ODD_INPUTS } from './checks.ts'
import type { CarrierHarness } from './harness.ts'

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Identity, capabilities, detection and option validation. */
export function basicCases<C extends Carrier>(h: CarrierHarness<C>): void {
  h.test('id', 'id is kebab-case, stable across instances, and the carrier has a name', async () => {
    const carrier = h.carrier()
    expect(carrier.id).toMatch(KEBAB)
    expect((await h.options.create()).id).toBe(carrier.id)
    expect(
      typeof carrier.name === 'string' && carrier.name.trim().length > 0,
      'name is a non-empty string',
    ).toBe(true)
  })

  h.test('capabilities', 'capabilities agree with the methods present', async () => {
    const carrier = h.carrier()
    const caps = carrier.capabilities
    expect(caps.track && typeof carrier.track === 'function', 'track').toBe(true)
    const hasWebhook =
      typeof carrier.webhook?.verify === 'function' && typeof carrier.webhook?.parse === 'function'
    expect(caps.webhooks, 'webhooks ⇔ webhook.verify + webhook.parse').toBe(hasWebhook)
    expect(caps.register, 'register ⇔ register()').toBe(typeof carrier.register === 'function')
    expect(caps.createShipment, 'createShipment ⇔ labels').toBe(
      typeof carrier.labels === 'object' && carrier.labels !== null,
    )
    expect(Number.isInteger(caps.batch) && caps.batch >= 1, 'batch is an integer ≥ 1').toBe(true)
    const rps = carrier.limits.requestsPerSecond
    expect(rps === undefined || rps > 0, 'limits.requestsPerSecond is positive when set').toBe(true)
  })

  h.test(
    'detect',
    'detect() returns 0..1 and ranks the carrier’s own numbers above foreign ones',
    async (ctx) => {
      const carrier = h.carrier()
      const detect = carrier.detect?.bind(carrier) ?? ctx.skip('carrier has no detect()')
      const known = new Set(h.known().map(normalizeTrackingNumber))
      const foreign = (h.options.foreignNumbers ?? DEFAULT_FOREIGN_NUMBERS).filter(
        (n) => !known.has(normalizeTrackingNumber(n)),
      )
      const score = (n: string) => {
        const s = detect(n)
        expect(s >= 0 && s <= 1, `detect(${JSON.stringify(n.slice(0, 40))}) = ${s} is within 0..1`).toBe(true)
        return s
      }
      const own = h.known().map(score)
      const others = [...foreign, ...ODD_INPUTS].map(score)
      expect(Math.min(...own), 'lowest own score beats the highest foreign score').toBeGreaterThan(
        Math.max(...others),
      )
    },
  )

  h.test(
    'config-invalid',
    'invalid options → CONFIG_INVALID naming every bad field, echoing no secret',
    async () => {
      const config =
        h.options.config ?? expect.fail('provide `config` fixtures, or skip "config-invalid" with a reason')
      const error = await errorOf(() => config.factory(config.invalid))
      expectCode(error, 'CONFIG_INVALID')
      const e = error as Error & { details?: unknown }
      const text = `${e.message}\n${JSON.stringify(e.details ?? null)}\n${JSON.stringify(e)}`
      for (const field of config.fields) expect(text, `error names "${field}"`).toContain(field)
      for (const secret of config.secretValues ?? [])
        expect(text.includes(secret), 'error echoes a secret value').toBe(false)
    },
  )
}

/** `track` with known and unknown numbers. */
export function trackCases<C extends Carrier>(h: CarrierHarness<C>): void {
  h.test('track-known', 'track(known) returns one valid poll update per number', async () => {
    const carrier = h.carrier()
    const known = h.known()
    expect(known.length, 'knownNumbers returned at least one number').toBeGreaterThan(0)
    for (let i = 0; i < known.length; i += carrier.capabilities.batch) {
      const chunk = known.slice(i, i + carrier.capabilities.batch)
      const updates = await carrier.track(chunk)
      for (const update of updates) expectValidUpdate(update, carrier, 'poll')
      const returned = updates.map((u) => normalizeTrackingNumber(u.trackingNumber)).sort()
      expect(returned, 'exactly the numbers asked for').toEqual(chunk.map(normalizeTrackingNumber).sort())
    }
  })

  h.test('track-unknown', 'track([unknown]) follows the documented behaviour', async () => {
    const carrier = h.carrier()
    const unknown = h.options.unknownNumber
    if (h.options.unknownBehaviour === 'throw') {
      return expectCode(await errorOf(() => carrier.track([unknown])), 'CARRIER_NOT_FOUND')
    }
    expect(await carrier.track([unknown]), 'an unknown number is left out').toEqual([])
    const first = h.known()[0] ?? expect.fail('knownNumbers returned no number')
    const mixed = await carrier.track([first, unknown])
    expect(mixed.map((u) => normalizeTrackingNumber(u.trackingNumber))).toEqual([
      normalizeTrackingNumber(first),
    ])
  })
}
