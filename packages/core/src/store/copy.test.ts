import { describe, expect, it } from 'vitest'
import { copyData } from './copy.ts'

describe('copyData', () => {
  it('copies plain records deeply, keeping undefined fields, so changing the copy changes nothing stored', () => {
    const stored = {
      id: 's1',
      eta: { best: null, estimates: [{ date: '2026-03-04', madeAt: undefined }] },
      pieces: [],
    }
    const copy = copyData(stored)
    expect(copy).toStrictEqual(stored)
    copy.eta.estimates.push({ date: 'x', madeAt: undefined })
    ;(copy.eta.estimates[0] as { date: string }).date = 'changed'
    expect(stored.eta.estimates).toEqual([{ date: '2026-03-04', madeAt: undefined }])
  })

  it('copies bytes and dates as themselves, not as plain objects', () => {
    const stored = { label: new Uint8Array([1, 2, 3]), at: new Date(0) }
    const copy = copyData(stored)
    expect(copy.label).toBeInstanceOf(Uint8Array)
    expect(copy.label).not.toBe(stored.label)
    expect([...copy.label, copy.at.getTime()]).toEqual([1, 2, 3, 0])
  })
})
