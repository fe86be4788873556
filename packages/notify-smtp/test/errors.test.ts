import type { AddressInfo } from 'node:net'
import { createServer, type Server, type Socket } from 'node:net'
import { isWismoError, type OutgoingMessage, type WismoError } from '@wismo/core'
import { SMTPServer } from 'smtp-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type SmtpNotifierOptions, smtpNotifier } from '../src/index.ts'
import { type FakeSmtp, PASS, type Scripted, startSmtpServer, USER } from './smtp-server.ts'

let server: FakeSmtp
beforeAll(async () => {
  server = await startSmtpServer()
})
afterAll(() => server.close())
afterEach(() => server.script(null))

const options = (extra: Partial<SmtpNotifierOptions> = {}): SmtpNotifierOptions => ({
  host: '127.0.0.1',
  port: server.port,
  requireTLS: false, // loopback test server without TLS
  auth: { user: USER, pass: PASS },
  from: 'orders@shop.example',
  ...extra,
})
const message: OutgoingMessage = {
  idempotencyKey: 'order-9:delivered',
  channel: 'email',
  to: 'ana.lopez@example.com',
  subject: 'Delivered',
  text: 'Delivered.',
}

async function failure(extra?: Partial<SmtpNotifierOptions>): Promise<WismoError> {
  const error = await smtpNotifier(options(extra))
    .send(message)
    .catch((e: unknown) => e)
  if (!isWismoError(error)) throw new Error(`expected a WismoError, got ${String(error)}`)
  return error
}

/** Everything a host could log or show about the error, cause included. */
const visible = (e: WismoError) =>
  `${e.message} ${JSON.stringify(e.details)} ${String((e.cause as Error | undefined)?.message)}`

describe('SMTP replies → codes', () => {
  const cases: [Scripted, string, boolean, string][] = [
    [
      { stage: 'connect', code: 421, text: 'Service not available, closing channel' },
      'NOTIFY_UNAVAILABLE',
      true,
      'CONN',
    ],
    [{ stage: 'mail', code: 451, text: 'Try again later' }, 'NOTIFY_UNAVAILABLE', true, 'MAIL FROM'],
    [{ stage: 'rcpt', code: 450, text: 'Mailbox busy' }, 'NOTIFY_UNAVAILABLE', true, 'RCPT TO'],
    [{ stage: 'rcpt', code: 452, text: 'Mailbox full' }, 'NOTIFY_UNAVAILABLE', true, 'RCPT TO'],
    [{ stage: 'data', code: 451, text: 'Local error in processing' }, 'NOTIFY_UNAVAILABLE', true, 'DATA'],
    [
      { stage: 'auth', code: 535, text: 'Authentication credentials invalid' },
      'NOTIFY_AUTH_FAILED',
      false,
      'AUTH PLAIN',
    ],
    [{ stage: 'rcpt', code: 550, text: 'Mailbox unavailable' }, 'NOTIFY_REQUEST_REJECTED', false, 'RCPT TO'],
    [
      { stage: 'mail', code: 553, text: 'Sender address not allowed' },
      'NOTIFY_REQUEST_REJECTED',
      false,
      'MAIL FROM',
    ],
    [{ stage: 'data', code: 554, text: 'Message refused as spam' }, 'NOTIFY_REQUEST_REJECTED', false, 'DATA'],
  ]
  for (const [reply, code, retryable, command] of cases)
    it(`${reply.stage} ${'code' in reply ? reply.code : ''} → ${code}`, async () => {
      server.script(reply)
      const error = await failure()
      expect(error).toMatchObject({ code, retryable })
      expect(error.details).toMatchObject({
        smtpCode: 'code' in reply ? reply.code : null,
        command,
        recipientDomain: 'example.com',
      })
    })

  it('a wrong password (no script) → NOTIFY_AUTH_FAILED, the password in no error text', async () => {
    const error = await failure({ auth: { user: USER, pass: 'wrong-pass-0002' } })
    expect(error).toMatchObject({ code: 'NOTIFY_AUTH_FAILED', retryable: false, details: { smtpCode: 535 } })
    expect(visible(error)).not.toContain('wrong-pass-0002')
  })

  it('a permanent refusal names the SMTP code, enhanced status and domain, never the address', async () => {
    server.script({ stage: 'rcpt', code: 550, text: 'Mailbox <ana.lopez@example.com> unavailable' })
    const error = await failure()
    expect(error.details).toMatchObject({
      smtpCode: 550,
      recipientDomain: 'example.com',
      reply: expect.stringContaining('*@example.com'),
    })
    expect(error.details?.enhancedStatus).toMatch(/^5\.\d\.\d+$/)
    expect(visible(error)).not.toContain('ana.lopez')
  })
})

describe('network and timeouts', () => {
  let silent: Server
  const sockets: Socket[] = []
  beforeAll(async () => {
    // Accepts connections and never greets.
    silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => silent.close(() => resolve()))
  })

  it('connection refused → NOTIFY_NETWORK_ERROR, retryable', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const error = await failure({ port })
    expect(error).toMatchObject({ code: 'NOTIFY_NETWORK_ERROR', retryable: true })
    expect(error.details).toMatchObject({ socketCode: 'ECONNREFUSED' })
  })

  it('secure: a server whose TLS certificate is not trusted → NOTIFY_FAILED, not retried', async () => {
    // smtp-server's bundled certificate is self-signed (and expired): no client trusts it.
    const tls = new SMTPServer({ secure: true, logger: false, authOptional: true })
    // The client hangs up during the TLS handshake it refuses: the server reports that as an
    // 'error' event, which is expected here (unheard, it would surface as an unhandled error).
    tls.on('error', () => {})
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve))
    try {
      const port = (tls.server.address() as AddressInfo).port
      const error = await failure({ port, secure: true })
      expect(error).toMatchObject({ code: 'NOTIFY_FAILED', retryable: false })
      expect(error.details?.socketCode).toMatch(/CERT|SELF_SIGNED/)
    } finally {
      await new Promise<void>((resolve) => tls.close(() => resolve()))
    }
  })

  it('a server that never greets → NOTIFY_TIMEOUT after greetingTimeoutMs, retryable', async () => {
    const port = (silent.address() as AddressInfo).port
    const error = await failure({ port, greetingTimeoutMs: 50 })
    expect(error).toMatchObject({ code: 'NOTIFY_TIMEOUT', retryable: true })
    expect(error.details).toMatchObject({ timeoutType: 'GREETING_TIMEOUT' })
  })
})
