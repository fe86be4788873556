import { describe, expect, it } from 'vitest'
import { toE164 } from './phone.ts'

describe('toE164', () => {
  it.each([
    ['+1 415 555 0123', undefined, '+14155550123'],
    ['(415) 555-0123', 'US', '+14155550123'],
    ['030 12345678', 'DE', '+493012345678'],
    ['+49 (0)30 12345678', undefined, '+493012345678'],
    ['0049 30 12345678', 'DE', '+493012345678'],
    ['(11) 91234-5678', 'BR', '+5511912345678'],
    ['07911 123456', 'gb', '+447911123456'],
    ['612 34 56 78', 'ES', '+34612345678'],
  ])('%s (%s) → %s', (input, country, expected) => {
    expect(toE164(input, country)).toBe(expected)
  })

  it.each([
    ['415 555 0123', undefined],
    ['12', 'US'],
    ['not a phone', 'US'],
    ['+1 415 555 0123', 'XX'],
    ['', 'DE'],
  ])('refuses %j (%s) with INPUT_INVALID on the phone field', (input, country) => {
    expect(() => toE164(input, country)).toThrow(
      expect.objectContaining({
        code: 'INPUT_INVALID',
        details: expect.objectContaining({ field: 'phone' }),
      }),
    )
  })

  it('does not put the number in the error message', () => {
    try {
      toE164('555 0199 7', 'US')
    } catch (e) {
      expect((e as Error).message).not.toContain('0199')
    }
    expect.assertions(1)
  })
})
