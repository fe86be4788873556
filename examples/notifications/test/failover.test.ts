/**
 * The failover proof: SMS goes through [Twilio, Vonage]. Twilio fails for a while (503s, and
 * requests that hang past the client timeout), then recovers. Messages keep going out through
 * Vonage during the outage, Twilio's breaker opens, a probe closes it after recovery, and every
 * due message is accepted exactly once across both providers.
 *
 * Time: wismo's clock and cockatiel's half-open timer (which reads Date.now) are both the faked
 * Date, moved by the test; only the HTTP timeout of a hanging request runs on real time, and no
 * assertion depends on how long anything took.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Wismo } from '@wismo/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createShop } from '../index.ts'
import { fakeEnv, fakeProviders } from './fake-providers.ts'
import { customerOf, MIN, orderWithScan, recordingLogger, trackingNumbers } from './world.ts'

const OUTAGE = 36 // orders whose SMS falls due while Twilio is down
const LATE = 4 // orders that fall due after the half-open pause, Twilio still down
const AFTER = 10 // orders that fall due after Twilio recovered
const RECOVERED = OUTAGE + LATE

let twilioDown = true
const fake = fakeProviders({
  // Down: every other request a 503, the others hang past the client's timeout.
  fault: (provider, n) => (provider !== 'twilio' || !twilioDown ? 'ok' : n % 2 ? 'unavailable' : 'hang'),
})
const dir = mkdtempSync(join(tmpdir(), 'wismo-notify-failover-'))
const { logger, lines } = recordingLogger()
let wismo: Wismo
let numbers: string[] = []

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms)
/** Passes of 8 messages, a minute apart, until one claims nothing. */
async function drain() {
  const reports = []
  for (;;) {
    const report = await wismo.workers.notify({ workerId: 'w1', limit: 8, leaseMs: 2 * MIN })
    reports.push(report)
    if (report.claimed === 0) return reports
    advance(MIN)
  }
}
const logged = (msg: RegExp) => lines.filter((l) => msg.test(l.msg) && l.obj.provider === 'twilio-sms').length
const phones = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => customerOf(from + k).phone)
const sentBy = (provider: string) => fake.accepted.filter((a) => a.provider === provider).map((a) => a.to)

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-03-02T16:00:00Z'))
  numbers = await trackingNumbers(OUTAGE + LATE + AFTER, 11)
  const base = await fake.start()
  wismo = createShop(fakeEnv(base, join(dir, 'shop.db')), {
    clock: () => new Date(),
    logger,
    notifications: {
      quietHours: null,
      burstWindowMs: 5 * MIN,
      breakers: { failures: 3, halfOpenAfterMs: 10 * MIN },
    },
    http: { retries: 0, timeoutMs: 3000 },
  })
})
afterAll(async () => {
  await wismo?.close()
  await fake.stop()
  vi.useRealTimers()
  rmSync(dir, { recursive: true, force: true })
})

describe('SMS failover from Twilio to Vonage', () => {
  it('while Twilio fails, messages go out through Vonage and Twilio’s breaker opens', async () => {
    for (let i = 0; i < OUTAGE; i++)
      await orderWithScan(wismo, i, numbers[i] as string, 'out_for_delivery', new Date())
    advance(6 * MIN)
    const reports = await drain()
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(OUTAGE)
    expect(logged(/notifier breaker opened/)).toBe(1)
    // Only the calls that opened the breaker reached Twilio; none was accepted there.
    expect(fake.requests.twilio).toBe(3)
    expect(sentBy('twilio')).toEqual([])
    expect(sentBy('vonage').sort()).toEqual(phones(0, OUTAGE).sort())

    // Past the half-open pause, Twilio still down: these too go out (through Vonage).
    advance(11 * MIN)
    for (let i = OUTAGE; i < OUTAGE + LATE; i++)
      await orderWithScan(wismo, i, numbers[i] as string, 'out_for_delivery', new Date())
    advance(6 * MIN)
    await drain()
    expect(sentBy('vonage').sort()).toEqual(phones(0, OUTAGE + LATE).sort())
    console.log(
      `notify-failover: outage due=${OUTAGE + LATE} vonage=${sentBy('vonage').length} twilio=${sentBy('twilio').length} twilio_requests=${fake.requests.twilio} breaker_opened=${logged(/notifier breaker opened/)}`,
    )
  }, 120_000)

  it('after Twilio recovers, every due message has been accepted exactly once across both providers', async () => {
    twilioDown = false
    advance(11 * MIN)
    for (let i = RECOVERED; i < RECOVERED + AFTER; i++)
      await orderWithScan(wismo, i, numbers[i] as string, 'out_for_delivery', new Date())
    advance(6 * MIN)
    await drain()
    const counts = fake.timesAccepted((a) => a.to)
    const all = phones(0, RECOVERED + AFTER)
    console.log(
      `notify-failover: recovered due=${all.length} accepted=${fake.accepted.length} twilio=${sentBy('twilio').length} vonage=${sentBy('vonage').length} twilio_requests=${fake.requests.twilio} breaker_opened=${logged(/notifier breaker opened/)} breaker_closed=${logged(/notifier breaker closed/)} accepted_twice=${[...counts.values()].filter((n) => n > 1).length}`,
    )
    // None lost, none twice, across both providers.
    expect([...counts.keys()].sort()).toEqual(all.sort())
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
  }, 120_000)

  // After the pause a call goes through the breaker as a probe; its success closes the breaker.
  it('after Twilio recovers, a probe closes its breaker and Twilio takes the messages again', () => {
    expect(fake.requests.twilio).toBeGreaterThan(3)
    expect(logged(/notifier breaker closed/)).toBe(1)
    expect(sentBy('twilio').sort()).toEqual(phones(RECOVERED, RECOVERED + AFTER).sort())
  })
})
