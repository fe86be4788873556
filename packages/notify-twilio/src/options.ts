import { z } from 'zod'

/** Twilio's REST host. */
export const TWILIO_API_URL = 'https://api.twilio.com'

/** `+` then 1–15 digits, the first not 0 (ITU E.164). */
export const E164 = /^\+[1-9]\d{1,14}$/

/** Options of {@link twilioSms}. */
export const TwilioSmsOptionsSchema = z
  .object({
    /** Your Account SID (`AC…`), Console → Account info. Always in the request path. */
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected AC followed by 32 hex digits'),
    /**
     * The account's Auth Token. Authenticates sends unless an API key is given, and is what Twilio
     * signs status callbacks with: without it webhooks cannot be verified.
     */
    authToken: z.string().min(16).max(200).optional(),
    /** An API key (`SK…`) and its secret, to send without handing out the Auth Token. */
    apiKeySid: z
      .string()
      .regex(/^SK[0-9a-fA-F]{32}$/, 'expected SK followed by 32 hex digits')
      .optional(),
    apiKeySecret: z.string().min(16).max(200).optional(),
    /** Sender: your Twilio number (E.164), short code or alphanumeric sender ID. */
    from: z
      .string()
      .regex(
        /^(\+[1-9]\d{1,14}|\d{3,8}|[A-Za-z0-9 ]{1,11})$/,
        'expected an E.164 number, short code or sender ID',
      )
      .optional(),
    /** A Messaging Service (`MG…`) that picks the sender; instead of `from`. */
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'expected MG followed by 32 hex digits')
      .optional(),
    /** Sent as `StatusCallback`: where Twilio posts delivery status (your public HTTPS URL). */
    statusCallback: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * The URL Twilio calls, exactly as configured (query string included), when your server sees
     * another one behind a proxy or tunnel. The signature covers this URL. Default:
     * `statusCallback`, else the request's own URL.
     */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** `ValidityPeriod` in seconds (1–36000): Twilio drops the message if still queued by then. */
    validityPeriodSec: z.number().int().min(1).max(36_000).optional(),
    /** `SmartEncoded`: Twilio swaps look-alike Unicode characters for GSM-7 ones. */
    smartEncoded: z.boolean().optional(),
    baseUrl: z.url().default(TWILIO_API_URL),
    /** Retries after a 5xx, timeout or 429 (0 turns retrying off). */
    retries: z.number().int().min(0).max(10).default(3),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
    /** Requests started per second by this process (Twilio publishes no number; 429 = too many at once). */
    requestsPerSecond: z.number().positive().max(1000).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if ((o.from === undefined) === (o.messagingServiceSid === undefined))
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'give either from or messagingServiceSid' })
    if ((o.apiKeySid === undefined) !== (o.apiKeySecret === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['apiKeySecret'],
        message: 'apiKeySid and apiKeySecret go together',
      })
    if (o.authToken === undefined && o.apiKeySid === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['authToken'],
        message: 'give authToken or apiKeySid + apiKeySecret',
      })
  })

/** Options as passed to {@link twilioSms}. */
export type TwilioSmsOptions = z.input<typeof TwilioSmsOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedTwilioSmsOptions = z.output<typeof TwilioSmsOptionsSchema>
