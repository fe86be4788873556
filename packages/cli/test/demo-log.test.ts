import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { CUSTOMERS } from '../src/commands/demo-data.ts'
import { capture } from './capture.ts'

const DEMO_SECRET = 'whsec_ZGVtby1vbmx5LXNlY3JldC1mb3Itd2lzbW8tZGVtbw=='
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/
const PHONE = /\+\d[\d ().-]{6,}\d/

describe('wismo demo --log-level debug', () => {
  it('logs at debug with no secret, e-mail address or phone number anywhere in its output', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'wismo-cli-log-')), 'demo.sqlite')
    const c = capture()
    const code = await runCli(
      ['demo', '--shipments', '5', '--seed', '7', '--db', db, '--log-level', 'debug'],
      c.io,
    )
    expect(code).toBe(0)
    const output = c.out() + c.err()
    // The debug lines are there, and they carried contacts and signed headers that were masked.
    expect(c.err()).toMatch(/"level":"debug","msg":"demo: webhook posted"/)
    expect(c.err()).toMatch(/"msg":"demo: would text the customer",.*"to":"\[contact\]"/)
    expect(c.err()).toMatch(/"msg":"carrier track answered","carrier":"sandbox"/)
    expect(c.err()).toContain('"webhook-signature":"[redacted]"')
    for (const secret of [DEMO_SECRET, DEMO_SECRET.slice('whsec_'.length)])
      expect(output).not.toContain(secret)
    for (const customer of CUSTOMERS) {
      expect(output).not.toContain(customer.email)
      if ('phone' in customer) expect(output).not.toContain(customer.phone)
    }
    expect(output).not.toMatch(EMAIL)
    expect(output).not.toMatch(PHONE)
  }, 120_000)

  it('refuses an unknown level with INPUT_INVALID', async () => {
    const c = capture()
    expect(await runCli(['demo', '--log-level', 'loud'], c.io)).toBe(2)
    expect(c.err()).toMatch(
      /--log-level must be one of debug, info, warn, error, got "loud" \(INPUT_INVALID\)/,
    )
  })
})
