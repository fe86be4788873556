import { describe, expect, it } from 'vitest'
import { detectUsps } from './detect.ts'

// Valid and invalid numbers from jkeen/tracking_number_data (MIT), couriers/usps.json and s10.json.
const strip = (n: string) => n.replace(/\s+/g, '')

describe('detectUsps', () => {
  it.each([
    '9400111206206406260787',
    '420787459400111206206406260787',
    '9405803699300124287899',
    '9434611206206406227577',
    '9505 5110 6960 5048 6006 24',
    '92748931507708513018050063',
    '9361 2898 7870 0317 6337 95',
    '4201002334249200190132607600833457',
    '9101 1234 5678 9000 0000 13',
    '9400109104250532908587',
  ])('scores the IMpb number %s 0.95', (n) => {
    expect(detectUsps(strip(n))).toBe(0.95)
  })

  it('scores a legacy 20-digit number lower, and a USPS S10 number high', () => {
    expect(detectUsps('71969010756003077385')).toBe(0.6)
    expect(detectUsps('EE123456785US')).toBe(0.9)
  })

  it.each([
    '9434611206206407667131',
    '9101 1234 5678 9000 0000 14',
    '7196 9010 7560 0307 7386',
    '9200000000000000000000',
    'EE123456784US',
    'RR123456785GB',
    '1Z999AA10123456784',
    '449044304137821',
    'JJD000390007882765453',
    '',
    'x'.repeat(1000),
  ])('scores %s 0', (n) => {
    expect(detectUsps(strip(n))).toBe(0)
  })
})
