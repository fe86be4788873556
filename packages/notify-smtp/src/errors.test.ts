import { describe, expect, it } from 'vitest'
import { domainsOnly, type SmtpFailure, smtpError } from './errors.ts'

// Error shapes as nodemailer reports them (../shared/PROVIDERS.md §8 and nodemailer's errors.d.ts).
const cases: [string, SmtpFailure, string, boolean][] = [
  ['EAUTH 535', { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, 'NOTIFY_AUTH_FAILED', false],
  [
    'EAUTH 454 (temporary)',
    { code: 'EAUTH', responseCode: 454, command: 'AUTH PLAIN' },
    'NOTIFY_UNAVAILABLE',
    true,
  ],
  ['EAUTH without a reply', { code: 'EAUTH', command: 'API' }, 'NOTIFY_AUTH_FAILED', false],
  [
    '530 must authenticate',
    { code: 'EENVELOPE', responseCode: 530, command: 'MAIL FROM' },
    'NOTIFY_AUTH_FAILED',
    false,
  ],
  ['534 mechanism too weak', { code: 'EAUTH', responseCode: 534 }, 'NOTIFY_AUTH_FAILED', false],
  [
    'EPROTOCOL 421 at CONN',
    { code: 'EPROTOCOL', responseCode: 421, command: 'CONN' },
    'NOTIFY_UNAVAILABLE',
    true,
  ],
  ['EENVELOPE 452', { code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO' }, 'NOTIFY_UNAVAILABLE', true],
  ['EMESSAGE 450 (smtp-server default)', { code: 'EMESSAGE', responseCode: 450 }, 'NOTIFY_UNAVAILABLE', true],
  ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503 }, 'NOTIFY_UNAVAILABLE', true],
  [
    'EENVELOPE 550',
    { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' },
    'NOTIFY_REQUEST_REJECTED',
    false,
  ],
  [
    'EENVELOPE 553',
    { code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM' },
    'NOTIFY_REQUEST_REJECTED',
    false,
  ],
  [
    'EMESSAGE 554',
    { code: 'EMESSAGE', responseCode: 554, command: 'DATA' },
    'NOTIFY_REQUEST_REJECTED',
    false,
  ],
  [
    'EMESSAGE 552 too big',
    { code: 'EMESSAGE', responseCode: 552, command: 'DATA' },
    'NOTIFY_REQUEST_REJECTED',
    false,
  ],
  ['EENVELOPE no recipients', { code: 'EENVELOPE', command: 'API' }, 'NOTIFY_REQUEST_REJECTED', false],
  [
    'ETIMEDOUT greeting',
    { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT' },
    'NOTIFY_TIMEOUT',
    true,
  ],
  [
    'ESOCKET refused',
    { code: 'ESOCKET', command: 'CONN', originalCode: 'ECONNREFUSED' },
    'NOTIFY_NETWORK_ERROR',
    true,
  ],
  ['ECONNECTION closed', { code: 'ECONNECTION', command: 'CONN' }, 'NOTIFY_NETWORK_ERROR', true],
  [
    'ESOCKET expired certificate',
    { code: 'ESOCKET', command: 'CONN', originalCode: 'CERT_HAS_EXPIRED' },
    'NOTIFY_FAILED',
    false,
  ],
  [
    'ESOCKET name mismatch',
    { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' },
    'NOTIFY_FAILED',
    false,
  ],
  ['EDNS unknown host', { code: 'EDNS', originalCode: 'ENOTFOUND' }, 'NOTIFY_NETWORK_ERROR', true],
  ['ETLS 500 to STARTTLS', { code: 'ETLS', responseCode: 500, command: 'STARTTLS' }, 'NOTIFY_FAILED', false],
  [
    'ETLS 454 (temporary)',
    { code: 'ETLS', responseCode: 454, command: 'STARTTLS' },
    'NOTIFY_UNAVAILABLE',
    true,
  ],
  ['something else', { code: 'ESTREAM' }, 'NOTIFY_FAILED', false],
]

describe('smtpError', () => {
  for (const [title, failure, code, retryable] of cases)
    it(`${title} → ${code}`, () => {
      expect(smtpError(failure, 'ana@example.com')).toMatchObject({ code, retryable })
    })

  it('details: SMTP code, enhanced status, command, domain; the address nowhere', () => {
    const failure = {
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO',
      response: '550 5.1.1 <ana@example.com>: Recipient address rejected: User unknown',
      message: 'Recipient command failed: 550 5.1.1 <ana@example.com>: Recipient address rejected',
    }
    const error = smtpError(failure, 'Ana@Example.com')
    expect(error.details).toEqual({
      smtpCode: 550,
      enhancedStatus: '5.1.1',
      command: 'RCPT TO',
      nodemailerCode: 'EENVELOPE',
      recipientDomain: 'example.com',
      reply: '550 5.1.1 <*@example.com>: Recipient address rejected: User unknown',
    })
    expect(error.message).toBe(
      'SMTP server refused the message (550 5.1.1) at RCPT TO for a recipient at example.com',
    )
    const all = `${error.message} ${JSON.stringify(error.details)} ${(error.cause as Error).message}`
    expect(all.toLowerCase()).not.toContain('ana@')
  })

  it('domainsOnly keeps the domain of every address in a text', () => {
    expect(domainsOnly('to a.b+c@x.example and "d"@[192.0.2.1], e@y.example.')).toBe(
      'to *@x.example and *@[192.0.2.1], *@y.example.',
    )
  })
})
