import {
  type Carrier,
  isWismoError,
  type RawWebhookRequest,
  type TrackingUpdate,
  TrackingUpdateSchema,
  type WismoErrorCode,
} from '@wismo/core'
import { expect } from 'vitest'
import type { WebhookRequestLike } from './options.ts'

/** Other carriers' formats (UPS, USPS, FedEx, DHL Express, S10 postal); none starts like another. */
export const DEFAULT_FOREIGN_NUMBERS = [
  '1Z999AA10123456784',
  '9400111899223197428490',
  '449044304137821',
  'JJD000390007882765453',
  'EE123456785US',
]

/** Inputs `detect` must survive with a number in 0..1. */
export const ODD_INPUTS = ['', ' ', '-', 'x'.repeat(1000), '📦📦📦', 'SELECT * FROM shipments', '\u0000']

/** Check one update the way the core will: schema, carrier id, source, and what a host relies on. */
export function expectValidUpdate(
  update: TrackingUpdate,
  carrier: Carrier,
  source: TrackingUpdate['source'],
): void {
  const parsed = TrackingUpdateSchema.safeParse(update)
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  expect(problems, 'update must pass TrackingUpdateSchema').toEqual([])
  expect(update.carrier, 'update.carrier is the carrier id').toBe(carrier.id)
  expect(update.source).toBe(source)
  for (const event of update.events) {
    expect(event.rawCode.length, 'every event keeps the raw carrier code').toBeGreaterThan(0)
  }
  const ids = update.events.flatMap((e) => (e.providerEventId ? [e.providerEventId] : []))
  expect(new Set(ids).size, 'provider event ids are unique within an update').toBe(ids.length)
}

/** The settled error of `fn` (sync throw or rejection), or a failed assertion when it succeeds. */
export async function errorOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn()
  } catch (e) {
    return e
  }
  return expect.fail('expected an error, but the call succeeded')
}

export function expectCode(error: unknown, code: WismoErrorCode): void {
  const got = isWismoError(error) ? error.code : String(error)
  expect(got, `expected WismoError ${code}`).toBe(code)
}

/** The raw form of a request, read fully (a `Request` is cloned, so fixtures may reuse theirs). */
export async function toRaw(request: WebhookRequestLike): Promise<RawWebhookRequest> {
  if (!(request instanceof Request))
    return { ...request, headers: new Headers(request.headers), body: request.body.slice() }
  const body = new Uint8Array(await request.clone().arrayBuffer())
  return { method: request.method, url: request.url, headers: new Headers(request.headers), body }
}

/** Change one byte of the body (a digit if there is one, so JSON stays well formed). */
export function tamper(raw: RawWebhookRequest): RawWebhookRequest {
  const body = raw.body.slice()
  const at = body.findIndex((b) => b >= 0x30 && b <= 0x39)
  if (at === -1) return { ...raw, body: Uint8Array.from([...body, 0x20]) }
  body[at] = 0x30 + (((body[at] as number) - 0x30 + 1) % 10)
  return { ...raw, body }
}

/** The request without any header that looks like a signature. */
export function stripSignature(raw: RawWebhookRequest): RawWebhookRequest {
  const headers = new Headers()
  for (const [name, value] of raw.headers) if (!/signature|hmac/i.test(name)) headers.set(name, value)
  return { ...raw, headers }
}

/** The JSON body of a raw request. */
export function jsonOf(raw: RawWebhookRequest): unknown {
  return JSON.parse(new TextDecoder().decode(raw.body))
}
