import { describe, expect, it } from 'vitest'
import { serialByKey } from './serial-by-key.ts'

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('serialByKey', () => {
  it('runs work of one key in call order, one at a time, and other keys alongside', async () => {
    const serial = serialByKey()
    const log: string[] = []
    let running = 0
    let most = 0
    const step = (key: string, n: number) =>
      serial(key, async () => {
        running += key === 'a' ? 1 : 0
        most = Math.max(most, running)
        log.push(`${key}${n}:start`)
        await tick()
        log.push(`${key}${n}:end`)
        running -= key === 'a' ? 1 : 0
        return n
      })
    const results = await Promise.all([step('a', 1), step('a', 2), step('b', 1), step('a', 3)])
    expect(results).toEqual([1, 2, 1, 3])
    expect(most).toBe(1)
    const a = log.filter((l) => l.startsWith('a'))
    expect(a).toEqual(['a1:start', 'a1:end', 'a2:start', 'a2:end', 'a3:start', 'a3:end'])
    // b did not wait for a's queue.
    expect(log.indexOf('b1:start')).toBeLessThan(log.indexOf('a1:end'))
  })

  it('goes on after a failure, which reaches only its own caller', async () => {
    const serial = serialByKey()
    const failing = serial('k', async () => {
      await tick()
      throw new Error('boom')
    })
    const next = serial('k', async () => 'ok')
    await expect(failing).rejects.toThrow('boom')
    await expect(next).resolves.toBe('ok')
  })

  it('starts work with nothing ahead in the caller turn, and a work that throws synchronously rejects', async () => {
    const serial = serialByKey()
    let started = false
    const done = serial('k', async () => {
      started = true
    })
    expect(started).toBe(true)
    await done
    await tick()
    const bad = serial('k', (() => {
      throw new Error('sync')
    }) as () => Promise<void>)
    await expect(bad).rejects.toThrow('sync')
  })
})
