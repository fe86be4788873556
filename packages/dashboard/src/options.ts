import { parseOptions } from '@wismo/core'
import { z } from 'zod'

/** Who is looking, as the host's `authorize` names them (shown in the page header). */
export interface StaffMember {
  /** A display name or staff id; never required to be an e-mail address. */
  name: string
}

/**
 * The host's access check. Return the person (let in), `null` (nobody signed in: `401`) or
 * `false` (signed in but not allowed here: `403`). It runs before anything else on every request.
 */
export type Authorize = (request: Request) => StaffMember | null | false | Promise<StaffMember | null | false>

const isFunction = (v: unknown) => typeof v === 'function'

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function isLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0
  } catch {
    return false
  }
}

/**
 * What a host passes to `opsDashboard(wismo, options)`; parse errors become `CONFIG_INVALID`
 * listing every problem.
 * @example OpsDashboardOptionsSchema.parse({ authorize: () => null, timeZone: 'Europe/Berlin' }).basePath // '/ops'
 */
export const OpsDashboardOptionsSchema = z
  .object({
    /** Required: who may look. There is no default that lets anyone in. */
    authorize: z.custom<Authorize>(isFunction, 'required: a function (request) => { name } | null | false'),
    /** Where the routes live. Default `/ops`. */
    basePath: z
      .string()
      .regex(/^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/, 'expected a path below the root such as /ops')
      .default('/ops'),
    /** The zone dates and times are shown in, and metric days are counted in. Default `UTC`. */
    timeZone: z
      .string()
      .refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin')
      .default('UTC'),
    /** The locale of number and date formats (the page's words are English). Default `en`. */
    locale: z.string().refine(isLocale, 'expected a BCP 47 locale such as en-GB').default('en'),
    /** Sent as `WWW-Authenticate` with a `401`, e.g. `Basic realm="ops"` to make browsers ask. */
    challenge: z.string().min(1).max(200).optional(),
    /** The page title's first part. Default `Wismo ops`. */
    title: z.string().trim().min(1).max(100).default('Wismo ops'),
    /**
     * Most rows one page reads from each store listing (shipments, deliveries, outbox rows, and
     * shipment histories on the metrics page). A page that reaches it says so. Default 5,000.
     */
    scanLimit: z.number().int().min(10).max(100_000).default(5_000),
    /** Days the metrics page covers when no period is given. Default 30. */
    defaultDays: z.number().int().min(1).max(366).default(30),
  })
  .strict()

export type OpsDashboardOptions = z.input<typeof OpsDashboardOptionsSchema>
export type OpsDashboardSettings = z.output<typeof OpsDashboardOptionsSchema>

export function parseDashboardOptions(input: OpsDashboardOptions): OpsDashboardSettings {
  return parseOptions(OpsDashboardOptionsSchema, input, 'opsDashboard')
}
