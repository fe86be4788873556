/**
 * The crash proof, with real process kills. The notification worker runs in a child process on a
 * SQLite file, against fake providers served by this test process over loopback. The fakes SIGKILL
 * the child after accepting a message, before answering (the provider sent it, the shop never
 * heard), on the 1st, 5th, 9th… accepted message; a new child, its clock past the dead one's
 * leases, takes over until every message is done.
 *
 * - Resend takes idempotency keys: the resend after a kill is answered with the first send's id
 *   and sends nothing, so no message goes out twice.
 * - Twilio takes none: with `unknownOutcome: 'resend'` each kill mid-call may send one message
 *   twice (nothing lost); with `'hold'` the message is held for a person (nothing twice).
 *
 * No timing assertions: the children's clocks are given, not read, and only counts are checked.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sqliteStore } from '@wismo/store-sqlite'
import { afterAll, expect, it } from 'vitest'
import { createShop } from '../index.ts'
import { fakeEnv, fakeProviders } from './fake-providers.ts'
import { MIN, orderWithScan, trackingNumbers } from './world.ts'

const CHILD = fileURLToPath(new URL('./notify-child.ts', import.meta.url))
const DUE = 20
const KILL_EVERY = 4 // the 1st, 5th, 9th… accepted message
const T0 = Date.parse('2026-03-02T17:00:00Z') // 10:00 in Denver: outside SMS quiet hours
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

interface Case {
  provider: 'resend' | 'twilio'
  policy: 'resend' | 'hold'
}

async function crashRun({ provider, policy }: Case) {
  let child: ChildProcess | undefined
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({
    code: null,
    signal: null,
  })
  let kills = 0
  const fake = fakeProviders({
    afterAccept: async (_message, count) => {
      if ((count - 1) % KILL_EVERY !== 0) return
      kills++
      child?.kill('SIGKILL')
      await exited
    },
  })
  const dir = mkdtempSync(join(tmpdir(), 'wismo-notify-crash-'))
  dirs.push(dir)
  const base = await fake.start()
  const env = fakeEnv(base, join(dir, 'shop.db'))
  try {
    // The orders and their scans, written by the shop (the messages are queued with them).
    const numbers = await trackingNumbers(DUE, provider === 'resend' ? 21 : 22)
    const shop = createShop(env, { clock: () => new Date(T0) })
    const status = provider === 'resend' ? 'delivered' : 'out_for_delivery'
    for (let i = 0; i < DUE; i++)
      await orderWithScan(shop, i, numbers[i] as string, status, new Date(T0 - MIN))
    await shop.close()

    // Workers until one finishes; each starts past the leases of the one before (2 min), by the
    // wismo clock and by the machine clock SQLite's leases follow.
    let outputs = ''
    for (let k = 0; ; k++) {
      if (k > 3 * DUE) throw new Error(`no child finished:\n${outputs}`)
      const proc = spawn(process.execPath, ['--conditions=@wismo/source', CHILD], {
        env: {
          ...process.env,
          ...env,
          CHILD_NOW: String(T0 + 10 * MIN + k * 3 * MIN),
          LEASE_CLOCK_OFFSET_MS: String(k * 3 * MIN),
          WORKER_ID: `child-${k}`,
          SMS_POLICY: policy,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      proc.stdout.on('data', (chunk) => {
        output += chunk
      })
      proc.stderr.on('data', (chunk) => {
        output += chunk
      })
      child = proc
      exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })))
      const { code, signal } = await exited
      outputs += `--- child ${k} (${signal ?? code})\n${output}`
      if (signal === 'SIGKILL') continue
      expect(code, outputs).toBe(0)
      break
    }

    // What the store says: done (sent) and dead (held) message rows.
    const store = sqliteStore({ path: env.WISMO_DB })
    try {
      const rows = await store.listOutbox({ limit: 1000 })
      const messages = rows.filter((r) => r.topic.startsWith('notify.'))
      const held = messages.filter((r) => r.state === 'dead' && /^held:/.test(r.lastError ?? '')).length
      const confirmed = messages.filter((r) => r.state === 'done').length
      const pending = messages.filter((r) => r.state === 'pending').length
      const times = [
        ...fake.timesAccepted((a) => `${a.provider === 'resend' ? 'email' : 'sms'}:${a.to}`).values(),
      ]
      const summary = {
        due: messages.length,
        accepted: times.length,
        acceptedTwice: times.filter((n) => n > 1).length,
        held,
        kills,
        confirmed,
        pending,
        other: messages.length - held - confirmed - pending,
      }
      console.log(
        `notify-crash: provider=${provider} policy=${provider === 'resend' ? 'resend(keys)' : policy} due=${summary.due} accepted=${summary.accepted} accepted_twice=${summary.acceptedTwice} held=${held} kills=${kills} confirmed_sent=${confirmed} requests=${fake.requests[provider]} resend_replays=${fake.resend.replays} resend_conflicts=${fake.resend.conflicts}`,
      )
      if (process.env.DEBUG_CRASH)
        console.log(
          messages.map((r) => [r.state, r.attempts, r.availableAt, r.leaseOwner, r.leaseUntil, r.lastError]),
        )
      return { summary, fake, outputs }
    } finally {
      await store.close()
    }
  } finally {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await fake.stop()
  }
}

it('e-mail through Resend, killed mid-send again and again: every message sent, none twice (idempotency keys)', async () => {
  const { summary, fake, outputs } = await crashRun({ provider: 'resend', policy: 'resend' })
  expect(summary.due, outputs).toBe(DUE)
  expect(summary.kills).toBeGreaterThan(1)
  expect(summary.accepted, outputs).toBe(DUE)
  expect(summary.acceptedTwice).toBe(0)
  expect(summary.confirmed).toBe(DUE)
  expect(fake.resend.replays).toBe(summary.kills)
  expect(fake.resend.conflicts).toBe(0)
}, 240_000)

it('SMS through Twilio with unknownOutcome resend: every message sent; at most one duplicate per kill', async () => {
  const { summary, fake, outputs } = await crashRun({ provider: 'twilio', policy: 'resend' })
  expect(summary.due, outputs).toBe(DUE)
  expect(summary.kills).toBeGreaterThan(1)
  expect(summary.accepted, outputs).toBe(DUE)
  expect(fake.accepted.length).toBeGreaterThanOrEqual(DUE)
  expect(summary.acceptedTwice).toBeLessThanOrEqual(summary.kills)
  expect(summary.confirmed).toBe(DUE)
  expect(fake.requests.vonage).toBe(0)
}, 240_000)

it('SMS through Twilio with unknownOutcome hold: none twice; what was not confirmed is held', async () => {
  const { summary, fake, outputs } = await crashRun({ provider: 'twilio', policy: 'hold' })
  expect(summary.due, outputs).toBe(DUE)
  expect(summary.kills).toBeGreaterThan(1)
  expect(summary.acceptedTwice).toBe(0)
  expect(summary.held).toBe(summary.kills)
  expect(summary.confirmed + summary.held).toBe(DUE)
  // Each held message did reach Twilio before the kill: held, not lost.
  expect(summary.accepted).toBe(DUE)
  expect(fake.requests.vonage).toBe(0)
}, 240_000)
