import { z } from 'zod'
import { defineCarrier } from '../carrier/define-carrier.ts'
import { StatusSchema } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'
import { signStandardWebhook, standardWebhooksVerifier } from './verify/standard-webhooks.ts'

export const HOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

const Payload = z
  .object({
    type: z.literal('tracking.updated'),
    data: z
      .object({
        number: z.string().max(40),
        scans: z
          .array(
            z
              .object({
                id: z.string().max(60),
                status: StatusSchema,
                at: z.string().max(40),
                text: z.string().max(200),
              })
              .strict(),
          )
          .max(50),
      })
      .strict(),
  })
  .strict()

/** A carrier that receives Standard Webhooks-signed JSON, for handler tests. */
export const hookCarrier = defineCarrier({
  id: 'hooks',
  capabilities: { track: true, webhooks: true },
  setup: () => {
    const verify = standardWebhooksVerifier({ toleranceSec: 300 })
    return {
      track: async () => [],
      webhook: {
        verify: (req) => verify(req, [HOOK_SECRET]),
        parse: (body) => {
          const parsed = Payload.safeParse(body)
          if (!parsed.success) throw new WismoError('WEBHOOK_UNPROCESSABLE', 'not a tracking.updated payload')
          const { number, scans } = parsed.data.data
          return [
            {
              carrier: 'hooks',
              trackingNumber: number,
              source: 'webhook' as const,
              events: scans.map((s) => ({
                status: s.status,
                rawCode: s.status,
                rawText: s.text,
                occurredAt: s.at,
                providerEventId: s.id,
              })),
            },
          ]
        },
      },
    }
  },
})

let counter = 0

/** A signed POST as the carrier would send it; `mutate` tampers with it after signing. */
export async function signedRequest(
  body: string | Uint8Array,
  opts: {
    id?: string
    timestamp?: number
    secret?: string
    path?: string
    headers?: Record<string, string>
  } = {},
): Promise<Request> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  const headers = await signStandardWebhook({
    secret: opts.secret ?? HOOK_SECRET,
    id: opts.id ?? `msg_${++counter}_${Date.now()}`,
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
    body: bytes as Uint8Array<ArrayBuffer>,
  })
  return new Request(`http://localhost${opts.path ?? '/webhooks/hooks'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, ...opts.headers },
    body: bytes as Uint8Array<ArrayBuffer>,
  })
}

export function trackingBody(number: string, scans: { id: string; status: string; at: string }[]): string {
  return JSON.stringify({
    type: 'tracking.updated',
    data: { number, scans: scans.map((s) => ({ ...s, text: s.status })) },
  })
}
