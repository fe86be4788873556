import type { Shipment } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { reasonsOf, sortItems } from '../src/attention.ts'
import { SHIPMENT } from './support.ts'

const eta = (
  over: Partial<NonNullable<Shipment['eta']>['best'] & object>,
  active: ('delayed' | 'stalled')[] = [],
) => ({
  best: {
    source: 'model' as const,
    date: '2026-03-12',
    confidence: 0.7,
    madeAt: '2026-03-02T00:00:00Z',
    ...over,
  },
  estimates: [],
  revisions: [],
  signals: { active },
})
const today = '2026-03-10'

describe('what needs attention', () => {
  it('flags an exception, a stall and a failed notification', () => {
    expect(reasonsOf({ ...SHIPMENT, status: 'exception' }, today, 0)).toEqual(['exception'])
    expect(reasonsOf({ ...SHIPMENT, eta: eta({}, ['stalled']) }, today, 0)).toEqual(['stalled'])
    expect(reasonsOf(SHIPMENT, today, 2)).toEqual(['notification_failed'])
    expect(reasonsOf(SHIPMENT, today, 0)).toEqual([])
  })

  it('calls a shipment delayed by its signal, an estimate after the promise, or an estimate already past', () => {
    expect(reasonsOf({ ...SHIPMENT, eta: eta({}, ['delayed']) }, today, 0)).toEqual(['delayed'])
    expect(reasonsOf({ ...SHIPMENT, promisedDate: '2026-03-11', eta: eta({}) }, today, 0)).toEqual([
      'delayed',
    ])
    expect(reasonsOf({ ...SHIPMENT, promisedDate: '2026-03-12', eta: eta({}) }, today, 0)).toEqual([])
    expect(reasonsOf({ ...SHIPMENT, eta: eta({ date: '2026-03-08' }) }, today, 0)).toEqual(['delayed'])
    // A window still open today is not past.
    expect(
      reasonsOf({ ...SHIPMENT, eta: eta({ date: '2026-03-08', latest: '2026-03-10' }) }, today, 0),
    ).toEqual([])
  })

  it('keeps only failed notifications for a settled shipment', () => {
    const delivered = {
      ...SHIPMENT,
      status: 'delivered' as const,
      eta: eta({ date: '2026-03-01' }, ['stalled']),
    }
    expect(reasonsOf(delivered, today, 0)).toEqual([])
    expect(reasonsOf(delivered, today, 1)).toEqual(['notification_failed'])
  })

  it('lists the most urgent first, then the longest silence', () => {
    const item = (id: string, reasons: ReturnType<typeof reasonsOf>, lastEventAt: string) => ({
      shipment: { ...SHIPMENT, id, lastEventAt },
      reasons,
      failed: [],
    })
    const sorted = sortItems([
      item('a', ['stalled'], '2026-03-01T00:00:00Z'),
      item('b', ['delayed', 'stalled'], '2026-03-05T00:00:00Z'),
      item('c', ['exception'], '2026-03-09T00:00:00Z'),
      item('d', ['delayed'], '2026-03-02T00:00:00Z'),
    ])
    expect(sorted.map((i) => i.shipment.id)).toEqual(['c', 'd', 'b', 'a'])
  })
})
