import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineCarrier } from './carrier/define-carrier.ts'
import { WismoError } from './errors.ts'
import { consoleLogger, type Logger, redactingLogger, redactText } from './logger.ts'
import { acmeCarrier, acmeUpdate, scan } from './test-carriers.test-helpers.ts'
import { createWismo } from './wismo.ts'

/** A logger that keeps every entry as the JSON a real sink (pino, a file) would write. */
function recorder(): Logger & { text: () => string; entries: unknown[] } {
  const entries: unknown[] = []
  const keep = (obj: object, msg?: string) => entries.push(JSON.parse(JSON.stringify({ ...obj, msg })))
  return { debug: keep, info: keep, warn: keep, error: keep, entries, text: () => JSON.stringify(entries) }
}

const expectNoLeak = (text: string, leaks: readonly string[]) => {
  for (const leak of leaks) expect(text).not.toContain(leak)
}

describe('redacting logger', () => {
  it('removes secrets, contact details and secret-named fields', () => {
    const sink = recorder()
    const log = redactingLogger(sink, { secrets: ['sk_live_1234567890'] })
    log.info(
      {
        apiKey: 'x',
        headers: { Authorization: 'Bearer y' },
        to: 'ana@example.com',
        note: 'call +49 151 1234 5678 or ana@example.com',
        url: 'https://x.test/?key=sk_live_1234567890',
        at: '2026-03-01',
      },
      'sent to bob@example.org',
    )
    expectNoLeak(sink.text(), [
      'sk_live_1234567890',
      'Bearer y',
      'ana@example.com',
      'bob@example.org',
      '1234 5678',
    ])
    expect(sink.text()).toContain('2026-03-01')
  })

  it('redacts Error objects with their cause and details, keeping code and stack readable', () => {
    const sink = recorder()
    const cause = new Error('SMTP 550: mailbox ana@example.com unavailable (token tok_abcdef123456)')
    const error = new WismoError('NOTIFY_REQUEST_REJECTED', 'could not reach +14155550123', {
      cause,
      details: { recipient: 'sam@example.com', password: 'hunter22', attempt: 2 },
    })
    redactingLogger(sink, { secrets: ['tok_abcdef123456'] }).error({ error }, 'send failed')
    expectNoLeak(sink.text(), [
      'ana@example.com',
      '+14155550123',
      'tok_abcdef123456',
      'sam@example.com',
      'hunter22',
    ])
    expect(sink.entries[0]).toMatchObject({
      error: {
        name: 'WismoError',
        code: 'NOTIFY_REQUEST_REJECTED',
        message: 'could not reach [phone]',
        details: { attempt: 2 },
        cause: { message: expect.stringContaining('mailbox [email] unavailable') },
      },
    })
    expect((sink.entries[0] as { error: { stack: string } }).error.stack).toContain('logger.test.ts')
  })

  it('redacts passwords in URLs, secret query parameters and bearer tokens inside text', () => {
    const text = redactText(
      'connect postgres://wismo:s3cr3t-pass@db.internal:5432/app?sslpassword=abc123 failed; ' +
        'GET https://api.test/track?id=1&api_key=k_98765 with Authorization: Bearer eyJhbGciOi.x.y',
    )
    expectNoLeak(text, ['s3cr3t-pass', 'abc123', 'k_98765', 'eyJhbGciOi'])
    expect(text).toContain('postgres://wismo:[redacted]@db.internal:5432/app')
    expect(text).toContain('?id=1&api_key=[redacted]')
  })

  it('leaves dates, statuses and tracking numbers readable', () => {
    expect(redactText('1Z5R89390357567127 on 2026-03-01T10:00:00Z')).toBe(
      '1Z5R89390357567127 on 2026-03-01T10:00:00Z',
    )
    const sink = recorder()
    redactingLogger(sink).info({ from: 'in_transit', to: 'delivered', secretIndex: 1, at: new Date(0) })
    expect(sink.entries[0]).toEqual({
      from: 'in_transit',
      to: 'delivered',
      secretIndex: 1,
      at: '1970-01-01T00:00:00.000Z',
    })
  })

  it('wraps once: wrapping a redacting logger again adds secrets, not a second layer', () => {
    const lines: string[] = []
    const base = consoleLogger('debug', (line) => lines.push(line))
    const first = redactingLogger(base, { secrets: ['first-secret'] })
    const again = redactingLogger(first, { secrets: ['second-secret'] })
    expect(redactingLogger(again)).toBe(again)
    again.info({ note: 'first-secret second-secret [x]' })
    expect(lines).toEqual(['{"level":"info","note":"[redacted] [redacted] [x]"}'])
  })
})

describe('carrier secrets', () => {
  const rotating = defineCarrier({
    id: 'rotating',
    options: z.object({
      webhookSecret: z.array(z.string()),
      webhookSecrets: z.array(z.string()).default([]),
      credentials: z.object({ clientId: z.string(), clientSecret: z.string() }),
      account: z.string(),
    }),
    secrets: ['webhookSecret'],
    capabilities: { track: true },
    setup: (_options, { log }) => ({
      track: async (numbers) => {
        log.warn({ body: `rejected: ${numbers.join(' ')}` }, 'carrier said no')
        return []
      },
    }),
  })
  const options = {
    webhookSecret: ['whsec_new_rotated_secret_1', 'whsec_old_rotated_secret_0'],
    webhookSecrets: ['second-list-secret'],
    credentials: { clientId: 'client-id-value', clientSecret: 'client-secret-value' },
    account: 'public-account-no',
  }

  it('redacts every string of arrays of rotation secrets and nested credentials', async () => {
    const sink = recorder()
    const carrier = rotating(options, { log: sink })
    await carrier.track([
      'whsec_new_rotated_secret_1',
      'old_rotated_secret_0',
      'second-list-secret',
      'client-secret-value',
      'public-account-no',
    ])
    expectNoLeak(sink.text(), [
      'new_rotated_secret_1',
      'old_rotated_secret_0',
      'second-list-secret',
      'client-secret-value',
    ])
    expect(sink.text()).toContain('public-account-no')
  })

  it("createWismo redacts what it logs, the carriers' secrets included, through the host's logger", async () => {
    const sink = recorder()
    const wismo = createWismo({
      logger: sink,
      carriers: [rotating(options, { log: sink }), acmeCarrier({ apiKey: 'acme-key-123456' })],
    })
    await wismo.registerOrder({ id: 'A-1', customer: { email: 'ana@example.com', phone: '+5511912345678' } })
    wismo.on('shipment.status_changed', () => {
      throw new Error(
        'listener failed for ana@example.com with whsec_old_rotated_secret_0 and acme-key-123456',
        {
          cause: new Error('SMS to +5511912345678 failed: client-secret-value rejected'),
        },
      )
    })
    await wismo.ingest(acmeUpdate('ACME00000001', [scan(1, 'in_transit', '2026-03-01T10:00:00Z')]))
    expect(sink.text()).toContain('a Wismo event listener threw')
    expectNoLeak(sink.text(), [
      'ana@example.com',
      '5511912345678',
      'old_rotated_secret_0',
      'acme-key-123456',
      'client-secret-value',
    ])
    expect(sink.text()).toContain('listener failed for [email] with [redacted] and [redacted]')
  })
})
