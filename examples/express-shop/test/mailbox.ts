// A real SMTP server on loopback standing in for the shop's mail relay; it keeps what it receives.
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** One e-mail as the customer would read it. */
export interface Mail {
  to: string
  subject: string
  text: string
  /** The `X-Wismo-Trigger` header `@wismo/notify-smtp` adds. */
  trigger: string
}

/** Listen on 127.0.0.1 (any free port); every message is parsed and kept in `received`. */
export async function mailbox() {
  const received: Mail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(', '),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            trigger: String(mail.headers.get('x-wismo-trigger') ?? ''),
          })
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  server.on('error', () => {}) // a client hanging up is reported here; nothing to do
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
