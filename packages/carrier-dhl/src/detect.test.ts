import { describe, expect, it } from 'vitest'
import { detectDhl } from './detect.ts'

describe('detectDhl', () => {
  it.each([
    ['JJD000390007882765453', 0.9], // Express piece id
    ['JD014600006281230704', 0.9],
    ['JVGL0999999990', 0.9],
    ['3318810025', 0.8], // Express waybill, mod 7 check digit
    ['7777777770', 0.8],
    ['73891051146', 0.8],
    ['3318 8100-25', 0.8], // normalized first
    ['GM2951173225174494', 0.7], // eCommerce
    ['00340434161094022115', 0.6], // Paket SSCC, GS1 check digit
  ])('%s is DHL (%d)', (number, score) => {
    expect(detectDhl(number)).toBe(score)
  })

  it.each([
    '3318810010', // waybill with a wrong check digit
    '00340434161094022116', // SSCC with a wrong check digit
    'GMABCDEFGHIJKL', // eCommerce prefix, no digit
    '1Z999AA10123456784', // UPS
    '9400111899223197428490', // USPS
    '449044304137821', // FedEx
    'EE123456785US', // S10
    '',
    'x'.repeat(1000),
  ])('%s is not', (number) => {
    expect(detectDhl(number)).toBe(0)
  })
})
