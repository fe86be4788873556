import { z } from 'zod'
import { InstantSchema } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'

/**
 * Label requests: the row `wismo.createShipment` keeps before it spends money, so a retried or
 * crashed call never buys a second label. Each store keeps the rows; the rules are here, as pure
 * functions every store applies inside one atomic step (read the row, decide, write it).
 */

/** `new` (claimed, nothing asked yet) → `quoted` (the vendor holds a shipment) → `bought` → `done`. */
export const LABEL_REQUEST_STATES = ['new', 'quoted', 'bought', 'done'] as const
export type LabelRequestState = (typeof LABEL_REQUEST_STATES)[number]

const key = z.string().min(1).max(300)

export const LabelRequestSchema = z
  .object({
    key,
    orderId: key,
    carrier: key,
    state: z.enum(LABEL_REQUEST_STATES),
    /** What core keeps between steps (the quote, the chosen rate, the label), as JSON. */
    data: z.record(z.string(), z.unknown()),
    shipmentId: z.string().nullable(),
    leaseOwner: z.string().nullable(),
    leaseUntil: InstantSchema.nullable(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .strict()

/** A label request as stored. */
export type LabelRequest = z.infer<typeof LabelRequestSchema>

/** What `claimLabelRequest` takes: create the row when missing and lease it to `owner`. */
export interface LabelClaim {
  key: string
  orderId: string
  carrier: string
  owner: string
  leaseMs: number
  /** The caller's clock (ISO instant): leases are compared with it. */
  now: string
}

/** What `claimLabelRequest` answers: the row, and whether `owner` now holds its lease. */
export interface LabelClaimResult {
  request: LabelRequest
  /** `false` when the request is done, or another owner's lease is still running. */
  held: boolean
}

/** What `saveLabelRequest` writes; only the lease holder may (`done` gives the lease back). */
export interface LabelSave {
  key: string
  owner: string
  state: LabelRequestState
  data: Record<string, unknown>
  shipmentId?: string | null
  /** Give the lease back without finishing (the call failed; a retry may take it at once). */
  release?: boolean
  now: string
}

/** The claim's outcome and the row to write (`write: false`: leave the stored row as it is). */
export function claimLabel(
  stored: LabelRequest | null,
  claim: LabelClaim,
): LabelClaimResult & { write: boolean } {
  const until = new Date(Date.parse(claim.now) + claim.leaseMs).toISOString()
  if (!stored) {
    const request: LabelRequest = {
      key: claim.key,
      orderId: claim.orderId,
      carrier: claim.carrier,
      state: 'new',
      data: {},
      shipmentId: null,
      leaseOwner: claim.owner,
      leaseUntil: until,
      createdAt: claim.now,
      updatedAt: claim.now,
    }
    return { request, held: true, write: true }
  }
  const free =
    stored.leaseOwner === null || stored.leaseOwner === claim.owner || (stored.leaseUntil ?? '') < claim.now
  if (stored.state === 'done' || !free) return { request: stored, held: false, write: false }
  const request = { ...stored, leaseOwner: claim.owner, leaseUntil: until, updatedAt: claim.now }
  return { request, held: true, write: true }
}

/** The row after a save; throws `STORE_NOT_FOUND` or `STORE_LEASE_LOST`. */
export function saveLabel(stored: LabelRequest | null, save: LabelSave): LabelRequest {
  if (!stored) throw new WismoError('STORE_NOT_FOUND', `No label request ${save.key}`)
  if (stored.leaseOwner !== save.owner || (stored.leaseUntil ?? '') < save.now)
    throw new WismoError('STORE_LEASE_LOST', `Label request ${save.key} is no longer leased by ${save.owner}`)
  const done = save.state === 'done' || save.release === true
  return {
    ...stored,
    state: save.state,
    data: save.data,
    shipmentId: save.shipmentId === undefined ? stored.shipmentId : save.shipmentId,
    leaseOwner: done ? null : stored.leaseOwner,
    leaseUntil: done ? null : stored.leaseUntil,
    updatedAt: save.now,
  }
}

/** Check a claim or save at the store's boundary (`INPUT_INVALID`). */
export function checkLabelInput(input: { key: string; owner: string; now: string; leaseMs?: number }): void {
  const problems = [
    input.key.length === 0 || input.key.length > 300 ? 'key' : null,
    input.owner.length === 0 ? 'owner' : null,
    Number.isNaN(Date.parse(input.now)) ? 'now' : null,
    input.leaseMs !== undefined && !(input.leaseMs > 0) ? 'leaseMs' : null,
  ].filter((p) => p !== null)
  if (problems.length)
    throw new WismoError('INPUT_INVALID', `Invalid label request: ${problems.join(', ')}`, {
      details: { problems },
    })
}
