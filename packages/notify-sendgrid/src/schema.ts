import { z } from 'zod'

/**
 * One event of SendGrid's Event Webhook. Custom args come back as extra top-level keys, so
 * unknown keys are kept. `sg_message_id` is missing on some asynchronous bounces.
 */
export const SendgridEventSchema = z
  .object({
    event: z.string().min(1).max(100),
    timestamp: z.number().int().nonnegative(),
    email: z.string().max(2000).optional(),
    sg_event_id: z.string().max(300).optional(),
    sg_message_id: z.string().max(300).optional(),
    'smtp-id': z.string().max(500).optional(),
    reason: z.string().max(5000).optional(),
    response: z.string().max(5000).optional(),
    status: z.string().max(50).optional(),
    type: z.string().max(50).optional(),
  })
  .loose()

/** A POST of the Event Webhook: a JSON array of events, possibly for several messages. */
export const SendgridEventBatchSchema = z.array(SendgridEventSchema).max(10_000)

export type SendgridEvent = z.infer<typeof SendgridEventSchema>
