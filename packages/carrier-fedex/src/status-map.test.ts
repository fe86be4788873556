import { STATUSES, statusMapper } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { FEDEX_DERIVED_FALLBACK, FEDEX_INFORMATIONAL_CODES, FEDEX_STATUS } from './status-map.ts'

describe('FEDEX_STATUS', () => {
  it('maps every code to a Wismo milestone', () => {
    for (const [code, m] of Object.entries(FEDEX_STATUS)) expect(STATUSES, code).toContain(m.status)
    for (const status of Object.values(FEDEX_DERIVED_FALLBACK)) expect(STATUSES).toContain(status)
  })

  it('leaves the informational codes unmapped, so they never move the milestone', () => {
    const map = statusMapper(FEDEX_STATUS, { carrier: 'fedex' })
    for (const code of FEDEX_INFORMATIONAL_CODES) expect(map(code).subStatus, code).toBe('unmapped')
  })

  it('refines a code by its exception code or delay type, and falls back to the code', () => {
    const map = statusMapper(FEDEX_STATUS, { carrier: 'fedex' })
    expect(map('DE', '08')).toMatchObject({ status: 'attempt_failed', subStatus: 'recipient_unavailable' })
    expect(map('DE', 'ZZ')).toMatchObject({ status: 'exception', subStatus: null, mapped: true })
    expect(map('DY', 'WEATHER')).toMatchObject({ status: 'exception', subStatus: 'weather_delay' })
    expect(map('DL')).toMatchObject({ status: 'delivered' })
    expect(map('OD')).toMatchObject({ status: 'out_for_delivery' })
    expect(map('HP')).toMatchObject({ status: 'available_for_pickup' })
  })
})
