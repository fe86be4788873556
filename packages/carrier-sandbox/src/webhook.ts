import { type CarrierWebhook, standardWebhooksVerifier, WismoError } from '@wismo/core'
import { toTrackingUpdate } from './payload.ts'
import { SandboxWebhookSchema } from './schema.ts'

export interface SandboxWebhookContext {
  carrierId: string
  secret: string
  /** The simulated now: freshness is judged against the same clock that signs. */
  clock: () => Date
  toleranceSec: number
}

/**
 * Receiving sandbox webhooks: Standard Webhooks signature and freshness (core's verifier), then a
 * zod-checked body mapped to one update per message.
 */
export function sandboxWebhook(ctx: SandboxWebhookContext): CarrierWebhook {
  const verify = standardWebhooksVerifier({ toleranceSec: ctx.toleranceSec })
  return {
    verify: (request) => verify(request, [ctx.secret], ctx.clock()),
    parse(body) {
      const parsed = SandboxWebhookSchema.safeParse(body)
      if (!parsed.success) {
        const problems = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
        throw new WismoError(
          'WEBHOOK_UNPROCESSABLE',
          `not a sandbox tracking payload:\n- ${problems.join('\n- ')}`,
          {
            details: { problems },
          },
        )
      }
      return [toTrackingUpdate(ctx.carrierId, parsed.data.data, 'webhook')]
    },
  }
}
