import { mkdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { defineNotifier, type NotificationsOptions } from '@wismo/core'
import { smtpNotifier } from '@wismo/notify-smtp'
import { webhookNotifier } from '@wismo/notify-webhook'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { Io } from '../cli.ts'

/** One e-mail the demo's mailbox received. */
export interface ReceivedMail {
  to: string
  subject: string
  firstLine: string
  file: string
}

/**
 * A real SMTP server on loopback that keeps every message as an `.eml` file: the demo's e-mails go
 * through `@wismo/notify-smtp` to it, as they would to a shop's mail relay.
 */
export async function demoMailbox(dir: string) {
  mkdirSync(dir, { recursive: true })
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        const file = join(dir, `${String(received.length + 1).padStart(3, '0')}.eml`)
        writeFileSync(file, raw)
        simpleParser(raw)
          .then((mail) => {
            const to = session.envelope.rcptTo.map((r) => r.address).join(', ')
            const firstLine = (mail.text ?? '').split('\n').find((l) => l.trim() !== '') ?? ''
            received.push({ to, subject: mail.subject ?? '', firstLine: firstLine.trim(), file })
            callback()
          })
          .catch((error: Error) => callback(error))
      })
    },
  })
  // A client that hangs up is reported as an 'error' event; the demo's mailbox shrugs it off.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The demo's SMS "provider": prints each message instead of handing it to a carrier network. */
function printedSms(io: Io, clock: () => Date, sent: { sms: number }) {
  let n = 0
  return defineNotifier({
    id: 'demo-sms',
    name: 'SMS (printed by the demo)',
    capabilities: { channels: ['sms'] },
    setup: () => ({
      send: async (message) => {
        n++
        sent.sms++
        io.out(`  [${stamp(clock())}] SMS to ${maskPhone(message.to)}: ${message.text}\n`)
        return { providerMessageId: `demo-sms-${n}` }
      },
    }),
  })()
}

/** The demo's notification setup: e-mail through SMTP to the mailbox, SMS printed, webhooks to the demo's own server. */
export function demoNotifications(input: {
  io: Io
  clock: () => Date
  smtpPort: number
  baseUrl: string
  webhookSecret: string
  /** Counts the SMS printed. */
  sent: { sms: number }
}): NotificationsOptions {
  return {
    channels: {
      email: [
        smtpNotifier({
          host: '127.0.0.1',
          port: input.smtpPort,
          secure: false,
          // A relay on loopback: no TLS, no password.
          requireTLS: false,
          from: 'Lumen Goods <orders@lumen.example>',
        }),
      ],
      sms: [printedSms(input.io, input.clock, input.sent)],
      webhook: [
        webhookNotifier({
          secret: input.webhookSecret,
          url: `${input.baseUrl}/hooks/shop`,
          allowPrivateNetworks: true,
        }),
      ],
    },
    triggers: {
      out_for_delivery: ['sms'],
      attempt_failed: ['email', 'sms'],
      delivered: ['email', 'webhook'],
      exception: ['email'],
      returned: ['email', 'webhook'],
      delayed: ['email'],
      stalled: ['email'],
    },
    // Messages link to the order's signed tracking page (createWismo({ trackingLinks })).
    shop: { name: 'Lumen Goods' },
    webhookUrl: `${input.baseUrl}/hooks/shop`,
  }
}

export const stamp = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
const maskPhone = (phone: string) => `${phone.slice(0, 4)}…${phone.slice(-2)}`
/** `a…@example.com`: the demo prints who got a message without printing the address. */
export const maskEmail = (address: string) => `${address.slice(0, 1)}…${address.slice(address.indexOf('@'))}`
