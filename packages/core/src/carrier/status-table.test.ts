import { describe, expect, it } from 'vitest'
import { deriveState } from '../domain/state-machine.ts'
import { StatusOverridesSchema, statusMapper, UNMAPPED_SUB_STATUS } from './status-table.ts'

const TABLE = {
  DL: { status: 'delivered' as const },
  'DE:DMG': { status: 'exception' as const, subStatus: 'damaged' },
}

describe('status tables', () => {
  it('maps code:subCode before code, host overrides before the table', () => {
    const overrides = StatusOverridesSchema.parse({
      DL: { status: 'available_for_pickup', subStatus: 'locker' },
    })
    expect(statusMapper(TABLE, { carrier: 'x' })('DE', 'DMG')).toEqual({
      status: 'exception',
      subStatus: 'damaged',
      mapped: true,
    })
    expect(statusMapper(TABLE, { carrier: 'x', overrides })('DL')).toMatchObject({
      status: 'available_for_pickup',
    })
  })

  it('keeps an unknown code without moving the milestone, logging it once', () => {
    const warnings: object[] = []
    const log = { debug() {}, info() {}, warn: (o: object) => warnings.push(o), error() {} }
    const map = statusMapper(TABLE, { carrier: 'x', log })
    const unknown = map('ZZ', null, 'exception')
    expect(unknown).toEqual({ status: 'exception', subStatus: UNMAPPED_SUB_STATUS, mapped: false })
    map('ZZ')
    expect(warnings).toHaveLength(1)
    const history = [
      { dedupKey: 'a', status: 'in_transit' as const, subStatus: null, occurredAt: '2026-03-01T10:00:00Z' },
      { dedupKey: 'b', ...unknown, occurredAt: '2026-03-01T11:00:00Z' },
    ]
    expect(deriveState(history)).toMatchObject({ status: 'in_transit', lastEventAt: '2026-03-01T11:00:00Z' })
  })
})
