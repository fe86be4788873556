import { describe, expect, it } from 'vitest'
import { redactingLogger, redactText } from './logger.ts'

describe('redacting logger', () => {
  it('removes secrets, contact details and secret-named fields', () => {
    const lines: unknown[] = []
    const base = {
      debug: () => {},
      info: (o: object, m?: string) => lines.push([o, m]),
      warn: () => {},
      error: () => {},
    }
    const log = redactingLogger(base, { secrets: ['sk_live_1234567890'] })
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
    const out = JSON.stringify(lines)
    for (const leak of ['sk_live_1234567890', 'Bearer y', 'ana@example.com', 'bob@example.org', '1234 5678'])
      expect(out).not.toContain(leak)
    expect(out).toContain('2026-03-01')
  })

  it('leaves dates and tracking numbers readable', () => {
    expect(redactText('1Z5R89390357567127 on 2026-03-01T10:00:00Z')).toBe(
      '1Z5R89390357567127 on 2026-03-01T10:00:00Z',
    )
  })
})
