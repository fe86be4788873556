/**
 * A provider call that times out has an unknown outcome, as a crash mid-call does: the provider
 * may have sent the message. The engine's option says so (`unknownOutcome`: "the process died, or
 * the provider timed out, mid-call"). Here Twilio accepts the SMS and never answers.
 *
 * So a timeout is not a plain failure: the engine does not hand the message to the next provider
 * (Vonage) but applies `unknownOutcome`; with `'hold'` the message is held for a person.
 *
 * Not a core matter, and documented by notify-twilio: its HTTP client retries a timed-out POST
 * (`retries`, default 3) before the engine sees anything, so a shop that picks `'hold'` for SMS
 * should also give Twilio `retries: 0`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { createShop } from '../index.ts'
import { fakeEnv, fakeProviders } from './fake-providers.ts'
import { MIN, orderWithScan, trackingNumbers } from './world.ts'

const T0 = Date.parse('2026-03-02T17:00:00Z')
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function timedOutSend(retries: number) {
  const fake = fakeProviders({ fault: (provider) => (provider === 'twilio' ? 'accept_then_hang' : 'ok') })
  const dir = mkdtempSync(join(tmpdir(), 'wismo-notify-timeout-'))
  dirs.push(dir)
  let now = T0
  const wismo = createShop(fakeEnv(await fake.start(), join(dir, 'shop.db')), {
    clock: () => new Date(now),
    notifications: { unknownOutcome: { sms: 'hold' } },
    http: { retries, timeoutMs: 1000 },
  })
  try {
    const [number] = await trackingNumbers(1, 31)
    await orderWithScan(wismo, 0, number as string, 'out_for_delivery', new Date(T0 - MIN))
    now += 6 * MIN
    const report = await wismo.workers.notify({ workerId: 'w1' })
    now += 10 * MIN
    await wismo.workers.notify({ workerId: 'w1' })
    const byProvider = { twilio: 0, vonage: 0 }
    for (const a of fake.accepted) if (a.provider !== 'resend') byProvider[a.provider]++
    console.log(
      `notify-timeout: policy=hold retries=${retries} first_pass=${JSON.stringify(report)} twilio_accepted=${byProvider.twilio} vonage_accepted=${byProvider.vonage}`,
    )
    return { report, byProvider }
  } finally {
    await wismo.close()
    await fake.stop()
  }
}

it('a Twilio timeout under unknownOutcome hold: held, not sent again through Vonage', async () => {
  const { report, byProvider } = await timedOutSend(0)
  expect(byProvider).toEqual({ twilio: 1, vonage: 0 })
  expect(report).toMatchObject({ held: 1 })
}, 60_000)

it('a Twilio timeout with the HTTP client’s retries: each retry may send the SMS again (as notify-twilio documents)', async () => {
  const { byProvider } = await timedOutSend(3)
  expect(byProvider.twilio).toBe(4)
}, 60_000)
