import { describe, expect, it } from 'vitest'
import { detectUps, isUpsTrackingNumber, upsCheckDigit } from './detect.ts'

// Valid and invalid numbers from jkeen/tracking_number_data (MIT), couriers/ups.json.
const VALID = [
  '1Z5R89390357567127',
  '1Z879E930346834440',
  '1Z410E7W0392751591',
  '1Z8V92A70367203024',
  '1ZXX3150YW44070023',
]
const INVALID = ['2Z5R89390357567127', '1A5R89390357567127', '1Z1111111111111111']

describe('UPS 1Z numbers', () => {
  it('computes the check digit (letters count as (code - 63) mod 10)', () => {
    expect(upsCheckDigit('1Z999AA10123456784')).toBe(4)
    for (const n of VALID) expect(isUpsTrackingNumber(n), n).toBe(true)
    for (const n of INVALID) expect(isUpsTrackingNumber(n), n).toBe(false)
  })

  it('scores valid 1Z numbers 0.95, spacing and case aside', () => {
    expect(detectUps('1Z999AA10123456784')).toBe(0.95)
    expect(detectUps(' 1z 999 aa1 0123 4567 84 ')).toBe(0.95)
    expect(detectUps('1Z-999-AA1-01234-567-84')).toBe(0.95)
  })

  it('scores a wrong check digit low and other formats 0 (left to core detection)', () => {
    expect(detectUps('1Z999AA10123456785')).toBe(0.4)
    for (const other of [
      '9400111899223197428490',
      '449044304137821',
      'K1506235620',
      '',
      '📦',
      'x'.repeat(1000),
    ])
      expect(detectUps(other)).toBe(0)
  })
})
