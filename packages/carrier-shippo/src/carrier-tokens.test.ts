import { describe, expect, it } from 'vitest'
import { carrierName, carrierTokenFor, SHIPPO_CARRIER_TOKENS } from './carrier-tokens.ts'

// Valid USPS IMpb (34 digits) that also passes the FedEx Express (34) check digit by chance.
const USPS_AND_FEDEX_34 = '4201028200009261290113185417468510'
const sources = (o: Partial<Parameters<typeof carrierTokenFor>[1]> = {}) => ({
  tokens: SHIPPO_CARRIER_TOKENS,
  learned: new Map<string, string>(),
  ...o,
})

describe('carrier tokens', () => {
  it('maps core’s detection to Shippo tokens', () => {
    expect(carrierTokenFor('1Z999AA10123456784', sources())).toBe('ups')
    expect(carrierTokenFor('9400 1112 0620 6406 2607 87', sources())).toBe('usps')
    expect(carrierTokenFor('986578788855', sources())).toBe('fedex')
    expect(carrierTokenFor('EE123456785US', sources())).toBe('usps')
    expect(carrierTokenFor('ZZ0000000001', sources())).toBeNull()
  })

  it('prefers the host’s resolver, then what was learned, then detection, then the default', () => {
    const learned = new Map([['1Z999AA10123456784', 'ups_freight']])
    expect(carrierTokenFor('1Z999AA10123456784', sources({ resolve: () => 'fedex', learned }))).toBe('fedex')
    expect(carrierTokenFor('1z999aa10123456784', sources({ resolve: () => null, learned }))).toBe(
      'ups_freight',
    )
    expect(carrierTokenFor('ZZ0000000001', sources({ fallback: 'dhl_ecommerce' }))).toBe('dhl_ecommerce')
  })

  it('breaks a tie between two detected carriers with the default, else USPS', () => {
    expect(carrierTokenFor(USPS_AND_FEDEX_34, sources())).toBe('usps')
    expect(carrierTokenFor(USPS_AND_FEDEX_34, sources({ fallback: 'fedex' }))).toBe('fedex')
    // A default that is not among the tied carriers does not override detection.
    expect(carrierTokenFor(USPS_AND_FEDEX_34, sources({ fallback: 'ups' }))).toBe('usps')
  })

  it('uses the host’s carrierTokens over the defaults', () => {
    const tokens = { ...SHIPPO_CARRIER_TOKENS, dhl: 'dhl_ecommerce' }
    expect(carrierTokenFor('JJD0099999999', sources({ tokens }))).toBe('dhl_ecommerce')
    expect(carrierTokenFor('JJD0099999999', sources())).toBe('dhl_express')
  })

  it('names common tokens for display', () => {
    expect(carrierName('dhl_express')).toBe('DHL Express')
    expect(carrierName('some_new_carrier')).toBe('some_new_carrier')
  })
})
