import { parseOptions } from '@wismo/core'
import { z } from 'zod'

const colour = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'expected a colour as #rgb or #rrggbb')
  .optional()

/** A token bucket: at most `capacity` lookups at once, refilled over `perMs`. */
const bucket = z
  .object({
    capacity: z.number().int().min(1).max(10_000),
    perMs: z.number().int().min(1_000),
  })
  .strict()

/** What a host passes to `trackingPage(wismo, options)`. */
export const TrackingPageOptionsSchema = z
  .object({
    /**
     * The path the page is mounted under (`/track`). Default: the path of
     * `createWismo({ trackingLinks: { baseUrl } })`, so links and routes agree.
     */
    basePath: z
      .string()
      .regex(/^\/[A-Za-z0-9._~\-/]*$/, 'expected a path such as /track')
      .optional(),
    /** The shop as the page shows it. */
    shop: z
      .object({
        name: z.string().trim().min(1).max(200),
        logoUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** Brand colour (header, buttons, the route on the map). */
        colour,
        /** Text on the brand colour; default: black or white, whichever reads better. */
        onColour: colour,
        supportEmail: z.email().optional(),
        supportUrl: z.url({ protocol: /^https?$/ }).optional(),
      })
      .strict(),
    /**
     * Finding an order by its number and the customer's e-mail or postcode. Rate limited per
     * order number, per client (when `clientKey` names one) and overall, through the store's
     * token buckets (shared by every process). `false` turns the lookup off.
     */
    lookup: z
      .union([
        z.literal(false),
        z
          .object({
            perOrder: bucket.default({ capacity: 5, perMs: 15 * 60_000 }),
            perClient: bucket.default({ capacity: 20, perMs: 15 * 60_000 }),
            overall: bucket.default({ capacity: 600, perMs: 60_000 }),
            /**
             * Who is asking, for the per-client limit: e.g. the address your proxy puts in
             * `x-forwarded-for`. Return `null` when unknown (only the other limits apply).
             */
            clientKey: z
              .custom<(request: Request) => string | null>(
                (v) => typeof v === 'function',
                'expected a function',
              )
              .optional(),
          })
          .strict(),
      ])
      .default({
        perOrder: { capacity: 5, perMs: 15 * 60_000 },
        perClient: { capacity: 20, perMs: 15 * 60_000 },
        overall: { capacity: 600, perMs: 60_000 },
      }),
    /** Draw the route on a map (offline geocoding; no request leaves the host). Default true. */
    map: z.boolean().default(true),
    /** Ask for a rating after delivery. Default true. */
    feedback: z.boolean().default(true),
    /** Let customers change their notification preferences (when notifications are configured). Default true. */
    preferences: z.boolean().default(true),
  })
  .strict()

export type TrackingPageOptions = z.input<typeof TrackingPageOptionsSchema>
export type TrackingPageSettings = z.output<typeof TrackingPageOptionsSchema>

export function parsePageOptions(input: TrackingPageOptions): TrackingPageSettings {
  return parseOptions(TrackingPageOptionsSchema, input, 'trackingPage')
}
