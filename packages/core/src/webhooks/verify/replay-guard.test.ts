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

/** begin + complete: what the handler does for a message it stored. */
async function stored(guard: ReturnType<typeof memoryReplayGuard>, id: string, timestamp = T0) {
  expect(await guard.begin(id, timestamp)).toBe('new')
  await guard.complete(id)
}

describe('memoryReplayGuard', () => {
  test('an id is in flight from begin until complete, and done after it', async () => {
    const guard = memoryReplayGuard({ clock: fakeClock().now })
    expect(await guard.begin('msg_1', T0)).toBe('new')
    expect(await guard.begin('msg_1', T0)).toBe('in_flight')
    await guard.complete('msg_1')
    expect(await guard.begin('msg_1', T0)).toBe('done')
    expect(await guard.begin('msg_2', T0)).toBe('new')
  })

  test('abort forgets an id in flight, so the retry of a failed write is new again', async () => {
    const guard = memoryReplayGuard({ clock: fakeClock().now })
    expect(await guard.begin('msg_1', T0)).toBe('new')
    await guard.abort('msg_1')
    expect(await guard.begin('msg_1', T0)).toBe('new')
  })

  test('abort does not forget an id that is already done', async () => {
    const guard = memoryReplayGuard({ clock: fakeClock().now })
    await stored(guard, 'msg_1')
    await guard.abort('msg_1')
    expect(await guard.begin('msg_1', T0)).toBe('done')
  })

  test('a done id is remembered for the window, then forgotten and remembered anew', async () => {
    const clock = fakeClock()
    const guard = memoryReplayGuard({ windowSec: 600, clock: clock.now })
    await stored(guard, 'msg_1')
    clock.advance(599)
    expect(await guard.begin('msg_1', T0)).toBe('done')
    clock.advance(1)
    expect(await guard.begin('msg_1', T0)).toBe('new')
    expect(await guard.begin('msg_1', T0)).toBe('in_flight')
  })

  test('an id left in flight (a write that hangs) is released after inFlightSec', async () => {
    const clock = fakeClock()
    const guard = memoryReplayGuard({ inFlightSec: 60, clock: clock.now })
    await guard.begin('msg_1', T0)
    clock.advance(59)
    expect(await guard.begin('msg_1', T0)).toBe('in_flight')
    clock.advance(1)
    expect(await guard.begin('msg_1', T0)).toBe('new')
  })

  test('a timestamp ahead of the clock keeps the id until window after that timestamp', async () => {
    const clock = fakeClock()
    const guard = memoryReplayGuard({ windowSec: 600, clock: clock.now })
    await stored(guard, 'msg_future', T0 + 300)
    clock.advance(850)
    expect(await guard.begin('msg_future', T0 + 300)).toBe('done')
  })

  test('at most maxEntries ids are kept, in flight or done, dropping the oldest first', async () => {
    const guard = memoryReplayGuard({ windowSec: 600, maxEntries: 3, clock: fakeClock().now })
    await stored(guard, 'a')
    await stored(guard, 'b')
    expect(await guard.begin('c', T0)).toBe('new')
    expect(await guard.begin('d', T0)).toBe('new')
    expect(await guard.begin('b', T0)).toBe('done')
    expect(await guard.begin('c', T0)).toBe('in_flight')
    expect(await guard.begin('a', T0)).toBe('new') // evicted by the bound, so it reads as new
  })

  test('invalid options are CONFIG_INVALID', () => {
    for (const bad of [{ windowSec: 0 }, { maxEntries: 1.5 }, { inFlightSec: -1 }])
      expect(() => memoryReplayGuard(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})
