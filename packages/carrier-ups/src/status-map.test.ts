import type { Logger } from '@wismo/core'
import { describe, expect, it, vi } from 'vitest'
import { UPS_STATUS, upsRawCode, upsStatusMapper } from './status-map.ts'

const logger = () => {
  const warn = vi.fn()
  const log = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn(), child: () => log } as unknown as Logger
  return { log, warn }
}

describe('UPS status table', () => {
  const map = upsStatusMapper({})

  it.each([
    [{ type: 'M', code: 'MP', statusCode: '003' }, 'info_received', 'label_created'],
    [{ type: 'MV', code: 'MV' }, 'cancelled', 'label_voided'],
    [{ type: 'I', code: 'OR', statusCode: '005' }, 'in_transit', 'picked_up'],
    [{ type: 'I', code: 'AR', statusCode: '005' }, 'in_transit', 'arrived_at_facility'],
    [{ type: 'I', code: 'DP', statusCode: '005' }, 'in_transit', 'departed_facility'],
    [{ type: 'I', code: 'OT', statusCode: '021' }, 'out_for_delivery', null],
    [{ type: 'I', code: 'ZZ', statusCode: '021' }, 'out_for_delivery', null],
    [{ type: 'I', code: 'ZZ', statusCode: '005' }, 'in_transit', null],
    [{ type: 'D', code: 'FS', statusCode: '011' }, 'delivered', null],
    [{ type: 'D', code: 'KB', statusCode: '011' }, 'delivered', null],
    [{ type: 'X', code: 'SR', statusCode: '003' }, 'in_transit', 'customs_cleared'],
    [{ type: 'X', code: '48', statusCode: '022' }, 'attempt_failed', 'recipient_unavailable'],
    [{ type: 'X', code: 'BV', statusCode: '013' }, 'exception', null],
    [{ type: 'U', code: 'UP' }, 'in_transit', 'rescheduled'],
  ])('%o → %s / %s', (codes, status, subStatus) => {
    expect(map(codes)).toMatchObject({ status, subStatus, mapped: true })
  })

  it('prefers the 2-character code over the 3-digit status code over the type', () => {
    expect(map({ type: 'X', code: 'SR', statusCode: '022' }).status).toBe('in_transit')
  })

  it('keeps an unknown type as unmapped, logged once, so it never moves the milestone', () => {
    const { log, warn } = logger()
    const m = upsStatusMapper({ log })
    expect(m({ type: 'DD', code: 'ZZ' })).toEqual({
      status: 'in_transit',
      subStatus: 'unmapped',
      mapped: false,
    })
    m({ type: 'DD', code: 'ZZ' })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(Object.hasOwn(UPS_STATUS, 'constructor')).toBe(false)
    expect(m({ type: 'constructor' }).mapped).toBe(false)
  })

  it('applies host overrides at any level before the table', () => {
    const m = upsStatusMapper({
      overrides: { DD: { status: 'delivered' }, 'X:BV': { status: 'exception', subStatus: 'damaged' } },
    })
    expect(m({ type: 'DD', code: 'ZZ' })).toMatchObject({ status: 'delivered', mapped: true })
    expect(m({ type: 'X', code: 'BV', statusCode: '013' })).toMatchObject({ subStatus: 'damaged' })
  })

  it('keeps TYPE:code as the raw code', () => {
    expect(upsRawCode({ type: 'I', code: 'OR' })).toBe('I:OR')
    expect(upsRawCode({ type: 'D', code: '' })).toBe('D')
    expect(upsRawCode({ type: ' ' })).toBe('?')
  })
})
