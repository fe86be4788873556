import { describe, expect, it } from 'vitest'
import { fedexConfidence } from './tracking-number.ts'

// Valid and invalid test numbers of jkeen/tracking_number_data `couriers/fedex.json` (MIT).
const OWN: [string, number][] = [
  ['986578788855', 0.95],
  ['477179081230', 0.95],
  ['041441760228964', 0.9],
  ['568283610012000', 0.9],
  ['9611020987654312345672', 0.9],
  ['1001921334250001000300779017972697', 0.9],
  ['32971514560102447849175802862014', 0.9],
  ['9622001900000000000000776632517510', 0.9],
  ['000123450000000027', 0.5],
]

describe('fedexConfidence', () => {
  it.each(OWN)('%s → %d', (n, confidence) => {
    expect(fedexConfidence(n)).toBe(confidence)
  })

  it('gives 0 to a wrong check digit', () => {
    for (const [n] of OWN) {
      // ASTRA (32 digits) has its check digit before a 4-digit suffix; the others end with it.
      const at = n.length === 32 ? 27 : n.length - 1
      const wrong = `${n.slice(0, at)}${(Number(n[at]) + 1) % 10}${n.slice(at + 1)}`
      expect(fedexConfidence(wrong), wrong).toBe(0)
    }
  })

  it.each([
    '1Z999AA10123456784',
    '9400111899223197428490',
    'JJD000390007882765453',
    'EE123456785US',
    '',
    'x',
    '9'.repeat(400),
  ])('gives 0 to %s', (n) => {
    expect(fedexConfidence(n)).toBe(0)
  })
})
