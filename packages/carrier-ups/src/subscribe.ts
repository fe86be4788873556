import { type HttpRequest, normalizeTrackingNumber, type OAuthSession, WismoError } from '@wismo/core'
import type { ResolvedUpsOptions } from './options.ts'
import { invalid } from './parse.ts'
import { UpsSubscriptionResponseSchema } from './schema.ts'

/** Track Alert subscription endpoint. */
export const SUBSCRIBE_PATH = '/api/track/v1/subscription/standard/package'
/** Most numbers one subscription request takes. */
export const SUBSCRIBE_BATCH = 100
/** How long UPS pushes a subscribed number's scans. */
export const SUBSCRIPTION_DAYS = 14

const SUBSCRIBABLE = /^1Z[0-9A-Z]{16}$/

/** What UPS accepted and refused. */
export interface SubscribeResult {
  valid: string[]
  invalid: string[]
}

/**
 * Subscribe `1Z` numbers to Track Alert (in requests of {@link SUBSCRIBE_BATCH}); UPS then posts
 * each new scan to `trackAlert.url` for {@link SUBSCRIPTION_DAYS} days. Other formats are refused
 * with `CARRIER_UNSUPPORTED` before any call.
 */
export async function subscribe(
  auth: OAuthSession,
  options: ResolvedUpsOptions,
  headers: () => Record<string, string>,
  numbers: readonly string[],
): Promise<SubscribeResult> {
  const alert = options.trackAlert
  if (!alert)
    throw new WismoError('CARRIER_UNSUPPORTED', 'UPS Track Alert is not configured (set trackAlert)')
  const list = [...new Set(numbers.map(normalizeTrackingNumber))]
  const other = list.filter((n) => !SUBSCRIBABLE.test(n))
  if (other.length > 0)
    throw new WismoError('CARRIER_UNSUPPORTED', 'UPS Track Alert subscribes 1Z package numbers only', {
      details: { numbers: other },
    })
  const result: SubscribeResult = { valid: [], invalid: [] }
  for (let i = 0; i < list.length; i += SUBSCRIBE_BATCH) {
    const request: HttpRequest = {
      method: 'POST',
      headers: headers(),
      json: {
        locale: options.locale,
        countryCode: alert.countryCode,
        trackingNumberList: list.slice(i, i + SUBSCRIBE_BATCH),
        destination: {
          url: alert.url,
          credentialType: alert.credentialType,
          credential: alert.credentials[0],
        },
      },
    }
    const { data } = await auth.request(SUBSCRIBE_PATH, request)
    const parsed = UpsSubscriptionResponseSchema.safeParse(data)
    if (!parsed.success)
      throw invalid('UPS answered the subscription in an unexpected shape', data, parsed.error)
    result.valid.push(...(parsed.data.validTrackingNumbers ?? []))
    result.invalid.push(...(parsed.data.invalidTrackingNumbers ?? []))
  }
  return result
}
