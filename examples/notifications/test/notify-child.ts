// The notification worker as its own process, for the crash proof: passes until nothing is due,
// on the SQLite file and fake providers the environment names, at the clock reading it is given.
// SQLite leases run on the machine's clock (Date.now), so each restart is also handed a later
// machine clock (LEASE_CLOCK_OFFSET_MS): past the leases a killed worker left, without waiting.
import { createShop, type ShopEnv } from '../index.ts'

const env = process.env as ShopEnv & {
  CHILD_NOW?: string
  LEASE_CLOCK_OFFSET_MS?: string
  WORKER_ID?: string
  SMS_POLICY?: string
}
const machineNow = Date.now.bind(Date)
const offset = Number(env.LEASE_CLOCK_OFFSET_MS ?? 0)
Date.now = () => machineNow() + offset
const now = new Date(Number(env.CHILD_NOW))
const policy = env.SMS_POLICY === 'hold' ? 'hold' : 'resend'
const wismo = createShop(env, { clock: () => now, notifications: { unknownOutcome: { sms: policy } } })
try {
  for (;;) {
    const report = await wismo.workers.notify({
      workerId: env.WORKER_ID ?? 'child',
      limit: 5,
      leaseMs: 120_000,
    })
    console.log(JSON.stringify(report))
    if (report.claimed === 0) break
  }
} finally {
  await wismo.close()
}
