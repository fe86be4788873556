import { z } from 'zod'
import { parseInput } from '../define/options.ts'
import { type Feedback, MAX_FEEDBACK_COMMENT, type Shipment } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'
import type { FeedbackGiven } from '../events.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'

const DAY_MS = 86_400_000

/** What a host configures in `createWismo({ feedback })`. */
export const FeedbackOptionsSchema = z
  .object({
    /** How long after the first rating the customer may still change it (default 7 days; 0: never). */
    editableForMs: z
      .number()
      .int()
      .min(0)
      .default(7 * DAY_MS),
  })
  .strict()

export type FeedbackOptions = z.input<typeof FeedbackOptionsSchema>
export type FeedbackSettings = z.output<typeof FeedbackOptionsSchema>

/** What the tracking page sends: a rating of 1–5 and an optional comment (blank: none). */
export const FeedbackInputSchema = z
  .object({
    shipmentId: z.string().trim().min(1).max(200),
    /** When given, the shipment must belong to this order (else `SHIPMENT_NOT_FOUND`, as for any other id). */
    orderId: z.string().trim().min(1).max(200).optional(),
    rating: z.number().int().min(1).max(5),
    comment: z
      .string()
      .trim()
      .max(MAX_FEEDBACK_COMMENT)
      .nullish()
      .transform((c) => c || null),
  })
  .strict()

export type FeedbackInput = z.input<typeof FeedbackInputSchema>

/** What `submitFeedback` needs from the instance; `emit` raises `shipment.feedback`. */
export interface FeedbackContext {
  store: WismoStore
  now: () => Date
  emit: (event: FeedbackGiven) => void
  log: Logger
}

/** Feedback as the page shows it: the stored rating (if any) and whether it may still change. */
export interface FeedbackState {
  feedback: Feedback | null
  /** Whether a (new or changed) rating is accepted now, as far as the edit window goes. */
  editable: boolean
  /** The end of the edit window (ISO), or `null` before the first rating. */
  editableUntil: string | null
}

/**
 * Where a shipment's feedback stands at `now`. Before the first rating the window has not started
 * (`editable: true`, `editableUntil: null`); whether the shipment is delivered is the caller's
 * check (`submitFeedback` makes it).
 * @example feedbackState(await store.getFeedback(id), { editableForMs: 7 * 86_400_000 }, new Date())
 */
export function feedbackState(
  feedback: Feedback | null,
  settings: FeedbackSettings,
  now: Date,
): FeedbackState {
  if (!feedback) return { feedback: null, editable: true, editableUntil: null }
  const until = Date.parse(feedback.createdAt) + settings.editableForMs
  return { feedback, editable: now.getTime() <= until, editableUntil: new Date(until).toISOString() }
}

/**
 * Store a customer's rating of a delivered shipment (or their edit of it, within the edit
 * window), then emit `shipment.feedback`. Throws `INPUT_INVALID` for a bad rating or comment,
 * `SHIPMENT_NOT_FOUND` for an unknown shipment (or one of another order), and `FEEDBACK_CLOSED`
 * (`details.reason`: `not_delivered`, `edit_window_passed`) when feedback is not accepted now.
 * A listener that throws is logged; it never fails the call.
 * @example const state = await submitFeedback(ctx, settings, { shipmentId, rating: 5, comment: 'Quick, thanks!' })
 */
export async function submitFeedback(
  ctx: FeedbackContext,
  settings: FeedbackSettings,
  raw: FeedbackInput,
): Promise<FeedbackState> {
  const input = parseInput(FeedbackInputSchema, raw, 'feedback')
  const shipment = await deliveredShipment(ctx.store, input.shipmentId, input.orderId)
  const now = ctx.now()
  const previous = await ctx.store.getFeedback(shipment.id)
  if (previous && !feedbackState(previous, settings, now).editable)
    throw closed('edit_window_passed', shipment.id, 'The time to change this feedback has passed')
  const at = now.toISOString()
  const feedback = await ctx.store.saveFeedback({
    shipmentId: shipment.id,
    orderId: shipment.orderId,
    rating: input.rating,
    comment: input.comment,
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
  })
  try {
    ctx.emit({ shipment, feedback, previous })
  } catch (error) {
    // The feedback is stored: a listener's bug never fails it.
    ctx.log.error(
      { event: 'shipment.feedback', shipmentId: shipment.id, error },
      'a Wismo event listener threw',
    )
  }
  return feedbackState(feedback, settings, now)
}

async function deliveredShipment(store: WismoStore, id: string, orderId?: string): Promise<Shipment> {
  const shipment = await store.getShipment(id)
  if (!shipment || (orderId !== undefined && shipment.orderId !== orderId))
    throw new WismoError('SHIPMENT_NOT_FOUND', `No shipment ${id}`, { details: { shipmentId: id } })
  if (shipment.status !== 'delivered')
    throw closed('not_delivered', id, 'Feedback opens once the shipment is delivered')
  return shipment
}

const closed = (reason: 'not_delivered' | 'edit_window_passed', shipmentId: string, message: string) =>
  new WismoError('FEEDBACK_CLOSED', message, { details: { reason, shipmentId } })
