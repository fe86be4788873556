import { z } from 'zod'
import type { WismoStore } from './contract.ts'

/**
 * What support staff read when a customer asks "where is my order?": the carriers' payloads as
 * they arrived and the log of every notification attempt. Both are diagnostic archives kept for a
 * retention period (see `createWismo({ archive })`), never the data of record (that is the
 * shipment and its events).
 */

/** Where an archived payload came from. */
export type RawPayloadSource = 'webhook'

/** Longest body kept, in UTF-16 units; longer bodies are cut and marked `truncated`. */
export const RAW_BODY_MAX = 256 * 1024

/** A carrier payload to archive, with the shipments it changed. */
export interface RawPayloadInput {
  id: string
  source: RawPayloadSource
  carrier: string
  /** ISO instant the payload arrived. */
  receivedAt: string
  contentType: string | null
  /** The body as text (bytes decoded as UTF-8), at most `RAW_BODY_MAX` units. */
  body: string
  truncated: boolean
  /** The shipments it brought new scans or changes to; listed under each of them. */
  shipmentIds: readonly string[]
}

/** An archived carrier payload. */
export type RawPayload = Omit<RawPayloadInput, 'shipmentIds'>

export const RawPayloadInputSchema = z
  .object({
    id: z.string().min(1).max(200),
    source: z.literal('webhook'),
    carrier: z.string().min(1).max(100),
    receivedAt: z.iso.datetime({ offset: true }),
    contentType: z.string().max(200).nullable(),
    body: z.string().max(RAW_BODY_MAX),
    truncated: z.boolean(),
    shipmentIds: z.array(z.string().min(1).max(200)).max(1000),
  })
  .strict()

/** One line of an outbox row's attempt log, e.g. a notification's "calling sendgrid", "failed: …". */
export type OutboxLogKind = 'note' | 'failed' | 'done' | 'dead'

export interface OutboxLogEntry {
  outboxId: string
  /** ISO instant of the attempt's step. */
  at: string
  workerId: string
  kind: OutboxLogKind
  /** What happened, in the engine's words (never a recipient's address). At most 2000 units. */
  text: string
}

export const OutboxLogEntrySchema = z
  .object({
    outboxId: z.string().min(1).max(200),
    at: z.iso.datetime({ offset: true }),
    workerId: z.string().min(1).max(200),
    kind: z.enum(['note', 'failed', 'done', 'dead']),
    text: z.string().max(2000),
  })
  .strict()

/** What `pruneArchive` removes: archived payloads and log lines older than `before`. */
export interface ArchivePrune {
  /** ISO instant; payloads received and log lines written before it are deleted. */
  before: string
  /** Most rows of each kind deleted in one call (default 1000), so a prune never holds locks long. */
  limit?: number
}

export interface ArchivePruned {
  payloads: number
  logEntries: number
}

/** The store calls behind support search and the archive (a store adapter implements them all). */
export type OpsMethods = Pick<
  WismoStore,
  | 'archivePayload'
  | 'listPayloads'
  | 'appendOutboxLog'
  | 'listOutboxLog'
  | 'pruneArchive'
  | 'findShipmentsByNumber'
  | 'findOrdersByEmail'
>
