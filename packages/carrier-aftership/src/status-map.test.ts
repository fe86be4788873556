import { type Logger, STATUSES, UNMAPPED_SUB_STATUS } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import {
  AFTERSHIP_STATUS,
  AFTERSHIP_SUBTAGS,
  AFTERSHIP_TAGS,
  aftershipRawCode,
  aftershipStatusMapper,
  SUBTAGS_MAPPED_BY_TAG,
} from './status-map.ts'

const TAGS = [
  'Pending',
  'InfoReceived',
  'InTransit',
  'OutForDelivery',
  'AttemptFail',
  'Delivered',
  'AvailableForPickup',
  'Exception',
  'Expired',
]

/** Every subtag AfterShip documents (see README for the sources), by tag. */
const range = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${tag}_${String(i + 1).padStart(3, '0')}`)
const DOCUMENTED = [
  ...range('Pending', 6),
  'InfoReceived_001',
  ...range('InTransit', 9),
  ...range('OutForDelivery', 4),
  ...range('AttemptFail', 3),
  ...range('Delivered', 5),
  'AvailableForPickup_001',
  ...range('Exception', 21),
  'Expired_001',
]

function captureLog() {
  const warnings: unknown[] = []
  const log = { debug() {}, info() {}, error() {}, warn: (...a: unknown[]) => warnings.push(a) }
  return { log: { ...log, child: () => log } as unknown as Logger, warnings }
}

describe('AfterShip status table', () => {
  it('maps all 9 tags to a Wismo milestone', () => {
    expect(Object.keys(AFTERSHIP_TAGS).sort()).toEqual([...TAGS].sort())
    for (const tag of TAGS) expect(STATUSES).toContain(AFTERSHIP_TAGS[tag]?.status)
  })

  it('knows every documented subtag (51), 6 of them only by their tag', () => {
    expect(Object.keys(AFTERSHIP_SUBTAGS).sort()).toEqual([...DOCUMENTED].sort())
    for (const subtag of SUBTAGS_MAPPED_BY_TAG) {
      const tag = subtag.split('_')[0] as string
      expect(AFTERSHIP_SUBTAGS[subtag], subtag).toEqual(AFTERSHIP_TAGS[tag])
    }
  })

  it('keeps each subtag in its tag’s milestone except the documented moves', () => {
    const moved = Object.entries(AFTERSHIP_SUBTAGS)
      .filter(([subtag, m]) => AFTERSHIP_TAGS[subtag.split('_')[0] as string]?.status !== m.status)
      .map(([subtag, m]) => `${subtag}→${m.status}`)
    expect(moved.sort()).toEqual([
      'Exception_011→returned',
      'Exception_020→cancelled',
      'OutForDelivery_002→available_for_pickup',
    ])
  })

  it('has no inherited entries', () => {
    expect(AFTERSHIP_STATUS.constructor).toBeUndefined()
  })
})

describe('aftershipStatusMapper', () => {
  it('prefers the subtag, falls back to the tag', () => {
    const map = aftershipStatusMapper({})
    expect(map({ tag: 'Exception', subtag: 'Exception_007' })).toEqual({
      status: 'exception',
      subStatus: 'address_issue',
      mapped: true,
    })
    expect(map({ tag: 'Exception', subtag: 'Exception_099' })).toEqual({
      status: 'exception',
      subStatus: null,
      mapped: true,
    })
    expect(map({ subtag: 'AttemptFail_077' })).toMatchObject({ status: 'attempt_failed', mapped: true })
  })

  it('host overrides win, by subtag or by tag', () => {
    const map = aftershipStatusMapper({
      overrides: {
        Exception_013: { status: 'cancelled', subStatus: 'lost_refunded' },
        InTransit: { status: 'in_transit', subStatus: 'moving' },
      },
    })
    expect(map({ tag: 'Exception', subtag: 'Exception_013' })).toMatchObject({
      status: 'cancelled',
      subStatus: 'lost_refunded',
    })
    // A known subtag beats an override of its tag; an unknown one falls back to the override.
    expect(map({ tag: 'InTransit', subtag: 'InTransit_007' }).subStatus).toBe('departed_facility')
    expect(map({ tag: 'InTransit', subtag: 'InTransit_042' }).subStatus).toBe('moving')
  })

  it('an unknown tag is core’s unmapped, logged once', () => {
    const { log, warnings } = captureLog()
    const map = aftershipStatusMapper({ log })
    expect(map({ tag: 'Teleported', subtag: 'Teleported_001' })).toEqual({
      status: 'in_transit',
      subStatus: UNMAPPED_SUB_STATUS,
      mapped: false,
    })
    map({ tag: 'Teleported' })
    expect(warnings).toHaveLength(1)
    expect(map({ tag: 'constructor' }).mapped).toBe(false)
  })

  it('raw code: the subtag, else the tag', () => {
    expect(aftershipRawCode({ tag: 'InTransit', subtag: 'InTransit_002' })).toBe('InTransit_002')
    expect(aftershipRawCode({ tag: 'Expired' })).toBe('Expired')
    expect(aftershipRawCode({})).toBe('?')
  })
})
