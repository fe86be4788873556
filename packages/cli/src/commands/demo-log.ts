import {
  consoleLogger,
  LOG_LEVELS,
  type Logger,
  type LogLevel,
  type OutboxRow,
  redactingLogger,
  WismoError,
} from '@wismo/core'
import type { Io } from '../cli.ts'

/** What the demo logs with: `base` is handed to Wismo as a host would, `demo` is for its own lines. */
export interface DemoLoggers {
  /** The plain JSON-lines logger, given to `createWismo` and the carrier: Wismo redacts it itself. */
  base: Logger
  /** The demo's own lines (webhooks posted, messages it would send), redacted like Wismo's. */
  demo: Logger
}

/**
 * JSON lines at `level` and above on the CLI's error stream. The demo's own lines go through
 * `redactingLogger` with the demo webhook secret; Wismo's go through the host logger as given.
 */
export function demoLoggers(level: LogLevel, io: Io, secrets: readonly string[]): DemoLoggers {
  const base = consoleLogger(level, (line) => io.err(`${line}\n`))
  return { base, demo: redactingLogger(base, { secrets }) }
}

/** Read `--log-level`: one of debug, info, warn, error (default warn). */
export function logLevelOption(values: Record<string, unknown>): LogLevel {
  const raw = values['log-level'] ?? 'warn'
  if (LOG_LEVELS.includes(raw as LogLevel)) return raw as LogLevel
  throw new WismoError(
    'INPUT_INVALID',
    `--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${String(raw)}"`,
  )
}

/** A customer's contact as the demo knows it. */
export interface DemoContact {
  email: string
  phone?: string
}

/**
 * The demo's notification sender: it sends nothing, but logs at debug what a real one would
 * (recipient included, as a host's sender would), so `--log-level debug` shows redaction at work.
 */
export function demoSender(log: Logger, contactOf: (orderId: string) => DemoContact | undefined) {
  return async (row: OutboxRow) => {
    const orderId = typeof row.payload.orderId === 'string' ? row.payload.orderId : null
    const contact = orderId ? contactOf(orderId) : undefined
    if (!contact) return {}
    log.debug({ outboxId: row.id, topic: row.topic, to: contact.email }, 'demo: would e-mail the customer')
    if (contact.phone)
      log.debug({ outboxId: row.id, topic: row.topic, to: contact.phone }, 'demo: would text the customer')
    return {}
  }
}
