import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { capture } from './capture.ts'

describe('wismo CLI', () => {
  it('detects carriers with confidences', async () => {
    const c = capture()
    expect(await runCli(['detect', '1Z5R89390357567127', 'hello'], c.io)).toBe(0)
    expect(c.out()).toMatch(/1Z5R89390357567127\n {2}ups +90% {2}UPS/)
    expect(c.out()).toMatch(/hello\n {2}no known carrier format matches/)
  })

  it.each([
    [['frobnicate'], /unknown command "frobnicate" \(CLI_ARGS_INVALID\)/],
    [['detect', '--colour'], /Unknown option '--colour'.*\(CLI_ARGS_INVALID\)/],
    [['detect'], /give at least one tracking number \(INPUT_INVALID\)/],
    [['demo', '--shipments', 'many'], /--shipments must be a whole number.*\(INPUT_INVALID\)/],
  ])('refuses %j with a coded message and exit code 2', async (args, message) => {
    const c = capture()
    expect(await runCli(args, c.io)).toBe(2)
    expect(c.err()).toMatch(message)
  })

  it('runs the demo end to end on SQLite and leaves the history in the file', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'wismo-cli-')), 'demo.sqlite')
    const c = capture()
    expect(await runCli(['demo', '--shipments', '4', '--seed', '42', '--db', db], c.io)).toBe(0)
    const out = c.out()
    expect(out).toMatch(/Order A-1001 .* journey: delivered\n.*\n {2}now: DELIVERED/)
    expect(out).toMatch(/journey: returned\n.*\n {2}now: RETURNED/)
    expect(out).toMatch(
      /Summary: \d+ webhooks posted \(\d+ redeliveries acknowledged without change, 0 rejected\)/,
    )
    // Customers were told: e-mails through SMTP to the demo's mailbox (kept as .eml), SMS and webhooks printed.
    expect(out).toMatch(/E-mail to a…@example\.com: "Seu pedido na .* foi entregue"/)
    // Messages link to the order's signed tracking page; the demo prints one link per order and
    // fetched each over HTTP.
    expect(out).toMatch(/SMS to \+141…23: .*http:\/\/127\.0\.0\.1:\d+\/track\/o\/v1\.QS0xMDA0\./)
    const links = [
      ...out.matchAll(/ {2}Order (A-\d+): (http:\/\/127\.0\.0\.1:\d+\/track\/o\/\S+) {2}\((\d+),/g),
    ]
    expect(links.map((m) => [m[1], m[3]])).toEqual([
      ['A-1001', '200'],
      ['A-1002', '200'],
      ['A-1003', '200'],
      ['A-1004', '200'],
    ])
    expect(out).not.toMatch(/ 0 SMS/)
    expect(out).toMatch(/Webhook shipment\.delivered → the shop's systems \(order A-1001/)
    const mails = readdirSync(`${db}-mail`).filter((f) => f.endsWith('.eml'))
    expect(out).toContain(`Messages to customers: ${mails.length} e-mails`)
    expect(mails.length).toBeGreaterThan(2)
    const sqlite = new Database(db, { readonly: true })
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").all() as {
      name: string
    }[]
    const shipments = tables.find((t) => /shipment/.test(t.name))?.name
    expect(shipments).toBeDefined()
    expect((sqlite.prepare(`select count(*) as n from ${shipments}`).get() as { n: number }).n).toBe(4)
    sqlite.close()
  }, 60_000)
})
