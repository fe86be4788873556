import { z } from 'zod'

/** Resend's answer to `POST /emails`. */
export const ResendSendResponseSchema = z.object({ id: z.string().min(1).max(300) }).loose()

/** Resend's error body. */
export const ResendErrorSchema = z
  .object({
    name: z.string().max(100),
    message: z.string().max(5000).optional(),
    statusCode: z.number().optional(),
  })
  .loose()

const Tags = z.union([
  z.record(z.string(), z.string()),
  z.array(z.object({ name: z.string(), value: z.string() }).loose()),
])

/** A Resend webhook event (`email.*`); `data.email_id` is the `id` the send answered. */
export const ResendEmailEventSchema = z
  .object({
    type: z.string().min(1).max(100),
    created_at: z.string().max(100),
    data: z
      .object({
        email_id: z.string().min(1).max(300),
        created_at: z.string().max(100).optional(),
        to: z.union([z.array(z.string().max(2000)), z.string().max(2000)]).optional(),
        subject: z.string().optional(),
        tags: Tags.optional(),
        bounce: z
          .object({
            type: z.string().optional(),
            subType: z.string().optional(),
            message: z.string().optional(),
          })
          .loose()
          .optional(),
        failed: z.object({ reason: z.string().optional() }).loose().optional(),
        suppressed: z
          .object({
            type: z.string().optional(),
            reason: z.string().optional(),
            message: z.string().optional(),
          })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose()

export type ResendEmailEvent = z.infer<typeof ResendEmailEventSchema>

/** Any Resend webhook event: only its type is needed to tell e-mail events from others. */
export const ResendAnyEventSchema = z.object({ type: z.string().min(1).max(100) }).loose()
