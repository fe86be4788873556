import { describe, expect, it } from 'vitest'
import { isNonPersonalTag, tagHeaderName, tagHeaders } from './headers.ts'

describe('tag headers', () => {
  it('names: camelCase, snake_case and odd characters become X-Wismo-Words', () => {
    expect(tagHeaderName('shipmentId')).toBe('X-Wismo-Shipment-Id')
    expect(tagHeaderName('order_ref')).toBe('X-Wismo-Order-Ref')
    expect(tagHeaderName('trigger')).toBe('X-Wismo-Trigger')
    expect(tagHeaderName('a:b c')).toBe('X-Wismo-A-B-C')
    expect(tagHeaderName('::')).toBeNull()
  })

  it('personal-looking tags are left out by name or by value', () => {
    for (const name of ['email', 'customerEmail', 'phone', 'recipient', 'to', 'name', 'lastName', 'address'])
      expect(isNonPersonalTag(name, 'x'), name).toBe(false)
    for (const value of ['ana@example.com', 'Ana <ana@example.com>', '+14155550123', 'call +44 20 7946 0000'])
      expect(isNonPersonalTag('note', value), value).toBe(false)
    for (const [name, value] of [
      ['shipmentId', 'shp_123456789'],
      ['trackingNumber', '1Z999AA10123456784'],
      ['templateName', 'delivered-v2'],
      ['trigger', 'out_for_delivery'],
    ] as const)
      expect(isNonPersonalTag(name, value), name).toBe(true)
  })

  it('a value cannot add a header line (CR/LF folded to a space)', () => {
    expect(tagHeaders({ trigger: 'delivered\r\nBcc: x', shipmentId: 'shp_1' })).toEqual({
      'X-Wismo-Trigger': 'delivered Bcc: x',
      'X-Wismo-Shipment-Id': 'shp_1',
    })
  })
})
