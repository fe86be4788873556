import { describe, expect, it } from 'vitest'
import { createRng } from './rng.ts'
import { isSandboxTrackingNumber, luhnCheckDigit, trackingNumbers } from './tracking-number.ts'

describe('sandbox tracking numbers', () => {
  it('computes the Luhn check digit (textbook example 7992739871 → 3)', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3)
  })

  it('generates distinct, valid SBX numbers, the same for the same seed', () => {
    const next = trackingNumbers(createRng(9))
    const numbers = Array.from({ length: 5000 }, next)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(numbers.every((n) => /^SBX\d{11}$/.test(n) && isSandboxTrackingNumber(n))).toBe(true)
    const again = trackingNumbers(createRng(9))
    expect(Array.from({ length: 5 }, again)).toEqual(numbers.slice(0, 5))
  })

  it('rejects every single-digit typo of a valid number', () => {
    const number = trackingNumbers(createRng(1))()
    for (let i = 3; i < number.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const typo = number.slice(0, i) + d + number.slice(i + 1)
        if (typo !== number) expect(isSandboxTrackingNumber(typo), typo).toBe(false)
      }
    }
  })

  it('accepts the printed forms (lower case, spaces) and nothing else', () => {
    const number = trackingNumbers(createRng(2))()
    expect(isSandboxTrackingNumber(` ${number.toLowerCase().replace(/(\d{4})/g, '$1 ')} `)).toBe(true)
    for (const other of ['1Z999AA10123456784', `${number}0`, number.slice(0, -1), `SBY${number.slice(3)}`]) {
      expect(isSandboxTrackingNumber(other), other).toBe(false)
    }
  })
})
