import type { OutgoingMessage } from '@wismo/core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { messageIdFor, type SmtpNotifierOptions, smtpNotifier } from '../src/index.ts'
import { parseMime, partOf } from './mime.ts'
import { type FakeSmtp, PASS, startSmtpServer, USER } from './smtp-server.ts'

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
  from: 'Shop <orders@shop.example>',
  ...extra,
})

const message = (extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  idempotencyKey: 'order-1001:delivered',
  channel: 'email',
  to: 'ana@example.com',
  subject: 'Your parcel was delivered',
  text: 'Your parcel was delivered at 10:42.',
  html: '<p>Your parcel was <b>delivered</b> at 10:42.</p>',
  tags: { shipmentId: 'shp_1', trigger: 'delivered' },
  ...extra,
})

describe('what the SMTP server receives', () => {
  it('envelope, From, To, Subject, Message-ID and a multipart/alternative text + html body', async () => {
    const result = await smtpNotifier(options()).send(message())
    const got = server.last()
    expect(got).toMatchObject({ user: USER, mailFrom: 'orders@shop.example', rcptTo: ['ana@example.com'] })
    const mail = parseMime(got?.raw ?? '')
    expect(mail.headers.get('from')).toBe('Shop <orders@shop.example>')
    expect(mail.headers.get('to')).toBe('ana@example.com')
    expect(mail.headers.get('subject')).toBe('Your parcel was delivered')
    const id = messageIdFor('order-1001:delivered', 'shop.example')
    expect(mail.headers.get('message-id')).toBe(id)
    expect(result.providerMessageId).toBe(id)
    expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative;/)
    expect(partOf(mail, 'text/plain')?.body).toBe('Your parcel was delivered at 10:42.')
    expect(partOf(mail, 'text/html')?.body).toBe('<p>Your parcel was <b>delivered</b> at 10:42.</p>')
  })

  it('non-ASCII text and html arrive intact (UTF-8)', async () => {
    const text = 'Ihr Paket wurde zugestellt — Grüße aus Köln 📦'
    await smtpNotifier(options()).send(message({ text, html: `<p>${text}</p>` }))
    const mail = parseMime(server.last()?.raw ?? '')
    expect(partOf(mail, 'text/plain')?.body).toBe(text)
    expect(partOf(mail, 'text/html')?.body).toBe(`<p>${text}</p>`)
  })

  it('without html the message is text/plain alone', async () => {
    const { html: _html, ...plain } = message()
    await smtpNotifier(options()).send(plain)
    const mail = parseMime(server.last()?.raw ?? '')
    expect(mail.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(mail.body).toBe('Your parcel was delivered at 10:42.')
  })

  it('tags become X-Wismo-* headers; a tag that looks personal does not travel', async () => {
    await smtpNotifier(options()).send(
      message({
        tags: {
          shipmentId: 'shp_1',
          trigger: 'delivered',
          customerEmail: 'ana@example.com',
          note: 'call +44 20 7946 0000',
          contact: 'Ana',
          other: 'ana@example.com',
        },
      }),
    )
    const mail = parseMime(server.last()?.raw ?? '')
    const wismo = [...mail.headers].filter(([k]) => k.startsWith('x-wismo-'))
    expect(Object.fromEntries(wismo)).toEqual({
      'x-wismo-shipment-id': 'shp_1',
      'x-wismo-trigger': 'delivered',
    })
    expect(server.last()?.raw).not.toMatch(/X-Wismo-[^:]*:.*(ana@|\+44)/i)
  })

  it('Reply-To and messageIdDomain options', async () => {
    const result = await smtpNotifier(
      options({ replyTo: 'help@shop.example', messageIdDomain: 'mail.shop.example' }),
    ).send(message())
    const mail = parseMime(server.last()?.raw ?? '')
    expect(mail.headers.get('reply-to')).toBe('help@shop.example')
    expect(mail.headers.get('message-id')).toBe(messageIdFor('order-1001:delivered', 'mail.shop.example'))
    expect(result.providerMessageId).toMatch(/@mail\.shop\.example>$/)
  })
})

describe('Message-ID and resends', () => {
  it('a resend of the same key carries the same Message-ID; another key another one', async () => {
    const smtp = smtpNotifier(options())
    const first = await smtp.send(message())
    const again = await smtp.send(message())
    const other = await smtp.send(message({ idempotencyKey: 'order-1001:out_for_delivery' }))
    const ids = server.received.slice(-3).map((r) => parseMime(r.raw).headers.get('message-id'))
    expect(ids[0]).toBe(ids[1])
    expect(ids[2]).not.toBe(ids[0])
    expect(first.providerMessageId).toBe(again.providerMessageId)
    expect(other.providerMessageId).toBe(ids[2])
  })

  it('a send whose outcome is unknown (no answer to DATA) times out; the resend has the same Message-ID', async () => {
    const smtp = smtpNotifier(options({ socketTimeoutMs: 200 }))
    server.script({ stage: 'data', hang: true })
    const error = await smtp.send(message({ idempotencyKey: 'order-7:delivered' })).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NOTIFY_TIMEOUT', retryable: true })
    server.script(null)
    await smtp.send(message({ idempotencyKey: 'order-7:delivered' }))
    const [lost, resent] = server.received.slice(-2).map((r) => parseMime(r.raw).headers.get('message-id'))
    // The server holds both copies: SMTP does not deduplicate; only the id ties them together.
    expect(lost).toBe(messageIdFor('order-7:delivered', 'shop.example'))
    expect(resent).toBe(lost)
  })
})

describe('the server’s own Message-ID', () => {
  it('a server that replaces the Message-ID (Microsoft 365 reply format) → providerMessageId is its id', async () => {
    // Its own reply carries the enhanced status, so the server adds none.
    const outlook = await startSmtpServer({ enhancedStatusCodes: false })
    outlook.acceptWith('2.0.0 OK <AB12CD@EX1PR01MB0001.eurprd01.prod.outlook.com> [Hostname=EX1PR01MB0001]')
    try {
      const result = await smtpNotifier(options({ port: outlook.port })).send(message())
      expect(outlook.last()?.raw).toContain(messageIdFor('order-1001:delivered', 'shop.example'))
      expect(result.providerMessageId).toBe('<AB12CD@EX1PR01MB0001.eurprd01.prod.outlook.com>')
    } finally {
      await outlook.close()
    }
  })

  it('a plain queue id in the reply is not a Message-ID: providerMessageId stays the derived one', async () => {
    const result = await smtpNotifier(options()).send(message())
    expect(result.providerMessageId).toBe(messageIdFor('order-1001:delivered', 'shop.example'))
  })

  it('the log line names the Message-ID and the recipient’s domain, not the address', async () => {
    const lines: string[] = []
    const log = { debug: (o: object, m?: string) => void lines.push(`${m} ${JSON.stringify(o)}`) }
    await smtpNotifier(options(), {
      log: { ...log, info: log.debug, warn: log.debug, error: log.debug },
    }).send(message())
    expect(lines.join('\n')).toContain('example.com')
    expect(lines.join('\n')).not.toContain('ana@')
  })
})

describe('transport', () => {
  it('an address that is not one e-mail address → INPUT_INVALID, no connection', async () => {
    const before = server.connections()
    const smtp = smtpNotifier(options())
    for (const to of ['not-an-address', 'a@example.com, b@example.com'])
      await expect(smtp.send(message({ to }))).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    expect(server.connections()).toBe(before)
  })

  it('pooled: several messages over one connection, closed by close()', async () => {
    const before = server.connections()
    const smtp = smtpNotifier(options({ pool: { maxConnections: 1 } }))
    for (const n of [1, 2, 3]) await smtp.send(message({ idempotencyKey: `pool-${n}` }))
    expect(server.connections() - before).toBe(1)
    await smtp.close()
  })

  it('requireTLS (the default) refuses a server without STARTTLS before sending the password', async () => {
    const smtp = smtpNotifier(options({ requireTLS: undefined }))
    const sent = server.received.length
    const logins = server.authAttempts()
    const error = await smtp.send(message()).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NOTIFY_FAILED', retryable: false })
    expect(server.received.length).toBe(sent)
    expect(server.authAttempts()).toBe(logins)
  })
})
