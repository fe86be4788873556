import type { AddressInfo } from 'node:net'
import type { NotifierFault } from '@wismo/testing/notifier'
import { SMTPServer, type SMTPServerAddress } from 'smtp-server'

/** The SMTP command a scripted failure answers. */
export type Stage = 'connect' | 'auth' | 'mail' | 'rcpt' | 'data'

/** A scripted reply: `code` and text, at one stage, until cleared. */
export type Scripted =
  | { stage: Stage; code: number; text: string }
  /** Accept the message's bytes and never answer the end of DATA (the outcome the client cannot know). */
  | { stage: 'data'; hang: true }

/** One message the server accepted. */
export interface Received {
  user: string | null
  mailFrom: string | null
  rcptTo: string[]
  raw: string
  queueId: string
}

/** The suite's faults as SMTP replies (rate_limited and opted_out have none: see the conformance skips). */
export const FAULT_REPLIES: Partial<Record<NotifierFault, Scripted>> = {
  auth: { stage: 'auth', code: 535, text: 'Authentication credentials invalid' },
  unavailable: { stage: 'data', code: 451, text: 'Local error in processing, try again later' },
  rejected: { stage: 'rcpt', code: 550, text: 'Mailbox unavailable' },
}

export const USER = 'wismo-test'
export const PASS = 'smtp-pass-0001-secret'

/**
 * A real SMTP server on 127.0.0.1 (port 0), with AUTH (PLAIN/LOGIN, no TLS: loopback only),
 * recording what it accepted and answering a scripted failure when told to.
 */
export async function startSmtpServer({ enhancedStatusCodes = true } = {}) {
  const received: Received[] = []
  let scripted: Scripted | null = null
  let count = 0
  let connections = 0
  let authAttempts = 0
  let acceptText: string | null = null
  const fail = (stage: Stage) => {
    if (scripted?.stage !== stage || 'hang' in scripted) return null
    return Object.assign(new Error(scripted.text), { responseCode: scripted.code })
  }
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    hideENHANCEDSTATUSCODES: !enhancedStatusCodes,
    onConnect: (_s, cb) => {
      connections++
      cb(fail('connect'))
    },
    onAuth: (auth, _s, cb) => {
      authAttempts++
      const ok = auth.username === USER && auth.password === PASS
      const e =
        fail('auth') ?? (ok ? null : Object.assign(new Error('Bad credentials'), { responseCode: 535 }))
      e ? cb(e) : cb(null, { user: auth.username })
    },
    onMailFrom: (_a, _s, cb) => cb(fail('mail')),
    onRcptTo: (_a, _s, cb) => cb(fail('rcpt')),
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const e = fail('data')
        if (e) return cb(e)
        const queueId = `Q${++count}`
        const hang = scripted !== null && 'hang' in scripted
        received.push({
          user: typeof session.user === 'string' ? session.user : null,
          mailFrom: session.envelope.mailFrom
            ? (session.envelope.mailFrom as SMTPServerAddress).address
            : null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          queueId,
        })
        if (!hang) cb(null, acceptText ?? `Ok: queued as ${queueId}`)
      })
    },
  })
  // A client that hangs up mid-command is reported as an 'error' event; the tests provoke that.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    received,
    last: () => received.at(-1) ?? null,
    connections: () => connections,
    authAttempts: () => authAttempts,
    /** Answer this failure until `script(null)`. */
    script: (reply: Scripted | null) => {
      scripted = reply
    },
    /** The text of the 250 reply to DATA (`null`: `Ok: queued as Q<n>`). */
    acceptWith: (text: string | null) => {
      acceptText = text
    },
    /** The conformance suite's hook. */
    fault: (kind: NotifierFault | null) => {
      scripted = kind ? (FAULT_REPLIES[kind] ?? null) : null
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type FakeSmtp = Awaited<ReturnType<typeof startSmtpServer>>
