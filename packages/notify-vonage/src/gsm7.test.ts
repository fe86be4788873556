import { describe, expect, it } from 'vitest'
import { isGsm7 } from './gsm7.ts'

// Cases from TwilioDevEd/message-segment-calculator tests/index.test.js (PROVIDERS.md §6).
describe('isGsm7', () => {
  it('digits, letters and the GSM-7 extension characters are GSM-7', () => {
    expect(isGsm7('1'.repeat(160))).toBe(true)
    for (const ch of '|^€{}[]~\\') expect(isGsm7(`${ch}${'1'.repeat(158)}`)).toBe(true)
    expect(isGsm7('Ihr Paket: Zustellung heute, Änderung möglich @ £5')).toBe(true)
  })

  it('ç, accented capitals and emoji need unicode', () => {
    for (const ch of 'çÁÚúíÍóÓ') expect(isGsm7(ch.repeat(70))).toBe(false)
    expect(isGsm7(`😜${'1'.repeat(68)}`)).toBe(false)
  })
})
