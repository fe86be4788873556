import { describe, expect, test } from 'vitest'
import { memoryReplayGuard } from './replay-guard.ts'

const T0 = 1_700_000_000
function fakeClock(startSec = T0) {
  let ms = startSec * 1000
  const advance = (sec: number) => {
    ms += sec * 1000
  }
  return { now: () => ms, advance }
}

describe('memoryReplayGuard', () => {
  test('the same id within the window is seen; other ids are not', async () => {
    const clock = fakeClock()
    const guard = memoryReplayGuard({ windowSec: 600, clock: clock.now })
    expect(await guard.seen('msg_1', T0)).toBe(false)
    clock.advance(599)
    expect(await guard.seen('msg_1', T0)).toBe(true)
    expect(await guard.seen('msg_2', T0)).toBe(false)
  })

  test('after the window the id is forgotten, and then remembered anew', async () => {
    const clock = fakeClock()
    const guard = memoryReplayGuard({ windowSec: 600, clock: clock.now })
    await guard.seen('msg_1', T0)
    clock.advance(600)
    expect(await guard.seen('msg_1', T0)).toBe(false)
    expect(await guard.seen('msg_1', T0)).toBe(true)
  })

  test('a timestamp ahead of the clock keeps the id until window after that timestamp', async () => {
    const clock = fakeClock()
    const guard = memoryReplayGuard({ windowSec: 600, clock: clock.now })
    await guard.seen('msg_future', T0 + 300)
    clock.advance(850)
    expect(await guard.seen('msg_future', T0 + 300)).toBe(true)
  })

  test('at most maxEntries ids are kept, dropping the oldest first', async () => {
    const clock = fakeClock()
    const guard = memoryReplayGuard({ windowSec: 600, maxEntries: 3, clock: clock.now })
    for (const id of ['a', 'b', 'c', 'd']) expect(await guard.seen(id, T0)).toBe(false)
    expect(await guard.seen('b', T0)).toBe(true)
    expect(await guard.seen('c', T0)).toBe(true)
    expect(await guard.seen('d', T0)).toBe(true)
    expect(await guard.seen('a', T0)).toBe(false) // evicted by the bound, so it reads as new
  })

  test('invalid options are CONFIG_INVALID', () => {
    expect(() => memoryReplayGuard({ windowSec: 0 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
    expect(() => memoryReplayGuard({ maxEntries: 1.5 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })
})
