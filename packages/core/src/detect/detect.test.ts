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

// USPS IMpb number of a FedEx SmartPost parcel (FedEx hands these to USPS). Older
// tracking_number_data also had a FedEx SmartPost format for it; the current data lists it as
// USPS only.
const SMARTPOST_IMPB = '9261292700768711948021'
// 34-digit USPS IMpb (420 + ZIP+4 routing, valid USPS in tracking_number_data) that also passes
// the FedEx Express (34) pattern and check digit by chance: two carriers at the same confidence.
const USPS_AND_FEDEX_34 = '4201028200009261290113185417468510'

describe('detectCarrier', () => {
  it('tells a verified check digit (0.9) from a pattern-only format (0.5)', () => {
    expect(top('1Z5R89390357567127')).toEqual([['ups', 0.9, 'passed']])
    expect(top('9400111206206406260787')).toEqual([['usps', 0.9, 'passed']]) // IMpb, weights from the right
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

  it('reads a SmartPost IMpb number as USPS', () => {
    expect(top(SMARTPOST_IMPB)).toEqual([['usps', 0.9, 'passed']])
  })

  it('lists both carriers at equal confidence when two formats accept a number; registered first', () => {
    expect(top(USPS_AND_FEDEX_34)).toEqual([
      ['fedex', 0.9, 'passed'],
      ['usps', 0.9, 'passed'],
    ])
    expect(detectCarrier(USPS_AND_FEDEX_34, [fakeUsps()]).map((c) => [c.carrier, c.registered])).toEqual([
      ['usps', true],
      ['fedex', false],
    ])
  })

  it('verifies only the check digits ts-tracking-number computes: Luhn formats match on pattern only', () => {
    expect(top('331426749957')).toEqual([['purolator', 0.5, 'none']])
    expect(top('77767553207')).toEqual([['old-dominion', 0.5, 'none']])
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

  it('picks the one registered carrier of an overlap, and refuses to guess between two', async () => {
    const usps = await wismo(fakeUsps()).registerShipment({ trackingNumber: USPS_AND_FEDEX_34 })
    expect(usps.carrier).toBe('usps')
    const fedex = await wismo(fakeFedex()).registerShipment({ trackingNumber: USPS_AND_FEDEX_34 })
    expect(fedex.carrier).toBe('fedex')
    await expect(
      wismo(fakeUsps(), fakeFedex()).registerShipment({ trackingNumber: USPS_AND_FEDEX_34 }),
    ).rejects.toSatisfy(code('CARRIER_AMBIGUOUS'))
  })

  it('does not give a SmartPost IMpb number to FedEx when only FedEx is registered', async () => {
    await expect(wismo(fakeFedex()).registerShipment({ trackingNumber: SMARTPOST_IMPB })).rejects.toSatisfy(
      code('CARRIER_UNKNOWN'),
    )
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
