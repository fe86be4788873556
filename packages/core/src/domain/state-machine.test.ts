import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { historyArb } from './arbitraries.test-helpers.ts'
import type { TrackingEvent } from './schemas.ts'
import { deriveState, mergeHistory, TRANSITIONS } from './state-machine.ts'
import { STATUSES, type Status } from './status.ts'

const ev = (key: string, status: Status, occurredAt: string, subStatus: string | null = null) =>
  ({ dedupKey: key, status, occurredAt, subStatus }) as TrackingEvent

describe('state rules', () => {
  it('starts pending and follows the latest scan', () => {
    expect(deriveState([]).status).toBe('pending')
    const s = deriveState([
      ev('a', 'info_received', '2026-03-01T08:00:00Z'),
      ev('b', 'in_transit', '2026-03-01T12:00:00Z', 'picked_up'),
    ])
    expect(s).toMatchObject({
      status: 'in_transit',
      subStatus: 'picked_up',
      statusChangedAt: '2026-03-01T12:00:00Z',
    })
  })

  it('does not leave delivered for a late-arriving older scan', () => {
    const delivered = [
      ev('a', 'in_transit', '2026-03-01T08:00:00Z'),
      ev('b', 'delivered', '2026-03-02T10:00:00Z'),
    ]
    const late = ev('c', 'out_for_delivery', '2026-03-02T07:00:00Z')
    expect(deriveState([...delivered, late]).status).toBe('delivered')
  })

  it('ignores a stray later scan after delivery but applies a genuine return', () => {
    const base = [ev('a', 'delivered', '2026-03-02T10:00:00Z')]
    expect(deriveState([...base, ev('b', 'in_transit', '2026-03-02T11:00:00Z')]).status).toBe('delivered')
    const returned = deriveState([
      ...base,
      ev('c', 'returned', '2026-03-09T10:00:00Z', 'returning_to_sender'),
    ])
    expect(returned).toMatchObject({
      status: 'returned',
      subStatus: 'returning_to_sender',
      lastEventAt: '2026-03-09T10:00:00Z',
    })
  })

  it('applies a failed attempt, a new delivery run and the delivery', () => {
    const history = [
      ev('a', 'out_for_delivery', '2026-03-02T08:00:00-05:00'),
      ev('b', 'attempt_failed', '2026-03-02T15:00:00-05:00', 'recipient_unavailable'),
      ev('c', 'out_for_delivery', '2026-03-03T08:00:00-05:00'),
      ev('d', 'delivered', '2026-03-03T11:00:00-05:00'),
    ]
    expect(deriveState(history).status).toBe('delivered')
    expect(deriveState(history.slice(0, 2))).toMatchObject({
      status: 'attempt_failed',
      subStatus: 'recipient_unavailable',
    })
  })

  it('does not fall back to info_received once the parcel moved', () => {
    const history = [
      ev('a', 'in_transit', '2026-03-01T08:00:00Z'),
      ev('b', 'info_received', '2026-03-01T09:00:00Z'),
    ]
    expect(deriveState(history).status).toBe('in_transit')
  })

  it('leaves an exception for the next real scan', () => {
    const history = [
      ev('a', 'exception', '2026-03-01T08:00:00Z', 'weather_delay'),
      ev('b', 'in_transit', '2026-03-02T09:00:00Z'),
    ]
    expect(deriveState(history)).toMatchObject({ status: 'in_transit', subStatus: null })
  })

  it('has a transition row for every status', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATUSES].sort())
  })
})

// Thousands of histories per property: a generous timeout so a busy machine does not fail them.
describe('state properties (fast-check)', { timeout: 120_000 }, () => {
  const RUNS = 10_000

  it('does not depend on arrival order or duplicates', () => {
    fc.assert(
      fc.property(
        historyArb().chain((h) =>
          fc.tuple(fc.constant(h), fc.shuffledSubarray([...h, ...h], { minLength: h.length * 2 })),
        ),
        ([history, arrivals]) => {
          expect(deriveState(mergeHistory(arrivals))).toEqual(deriveState(history))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('gives the same state replaying a prefix then the rest as replaying all', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), (history, cut) => {
        const at = history.length ? cut % (history.length + 1) : 0
        const afterPrefix = mergeHistory(history.slice(0, at))
        expect(deriveState(mergeHistory(afterPrefix, history.slice(at)))).toEqual(deriveState(history))
      }),
      { numRuns: RUNS },
    )
  })
})
