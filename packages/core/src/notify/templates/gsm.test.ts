import { describe, expect, it } from 'vitest'
import { isGsm7, smsSegments, toGsm7 } from './gsm.ts'

const digits = (n: number) => '1'.repeat(n)

// Boundary cases from Twilio's message-segment-calculator tests (../shared/PROVIDERS.md §6).
describe('smsSegments', () => {
  it.each([
    ['160 GSM digits', digits(160), 'GSM-7', 1],
    ['161 GSM digits', digits(161), 'GSM-7', 2],
    ['307 GSM digits', digits(307), 'GSM-7', 3],
    ['emoji + 68 digits (70 units)', `😜${digits(68)}`, 'UCS-2', 1],
    ['emoji + 69 digits', `😜${digits(69)}`, 'UCS-2', 2],
    ['emoji + 133 digits', `😜${digits(133)}`, 'UCS-2', 3],
    ['70 × ç', 'ç'.repeat(70), 'UCS-2', 1],
    ['71 × ç', 'ç'.repeat(71), 'UCS-2', 2],
    ['70 × Á', 'Á'.repeat(70), 'UCS-2', 1],
    ['71 × ú', 'ú'.repeat(71), 'UCS-2', 2],
    ['emoji + 68 × ]', `😀${']'.repeat(68)}`, 'UCS-2', 1],
    ['emoji + 69 × ]', `😀${']'.repeat(69)}`, 'UCS-2', 2],
    ['empty', '', 'GSM-7', 0],
  ])('%s', (_name, text, encoding, segments) => {
    expect(smsSegments(text)).toMatchObject({ encoding, segments })
  })

  it.each([...'|^€{}[]~\\'])('extension char %s counts 2: + 158 digits is 1 segment, + 159 is 2', (ch) => {
    expect(smsSegments(ch + digits(158))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 })
    expect(smsSegments(ch + digits(159))).toMatchObject({ encoding: 'GSM-7', segments: 2 })
  })

  it('never splits an escape sequence across two parts', () => {
    // 152 digits then '€': the escape pair would straddle the 153-septet boundary.
    expect(smsSegments(`${digits(152)}€${digits(10)}`).segments).toBe(2)
    expect(smsSegments(`${digits(152)}€${digits(152)}`).segments).toBe(3)
  })

  it('counts the GSM-7 accented letters as one septet', () => {
    expect(smsSegments('äöüßÄÖÜñÑéèàùìòÇÉ').encoding).toBe('GSM-7')
    expect(isGsm7('ã')).toBe(false)
    expect(isGsm7('õ')).toBe(false)
  })
})

describe('toGsm7', () => {
  it('replaces non-GSM letters by their base letter and keeps GSM ones', () => {
    expect(toGsm7('Olá João, seu pacote está em São Paulo. Ação!')).toBe(
      'Ola Joao, seu pacote esta em Sao Paulo. Acao!',
    )
    expect(toGsm7('Müller, Señor, café, à')).toBe('Müller, Señor, café, à')
  })

  it('replaces the dashes, quotes and narrow spaces Intl and typists produce', () => {
    expect(toGsm7('3\u2009–\u20095 Mar, 2:00\u202fPM, „Hallo“ «hola» it’s…')).toBe(
      '3 - 5 Mar, 2:00 PM, "Hallo" "hola" it\'s...',
    )
  })

  it('keeps characters with no stand-in', () => {
    expect(toGsm7('包裹 📦')).toBe('包裹 📦')
  })
})
