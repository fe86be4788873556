import type { Carrier, CarrierWebhook, RawWebhookRequest } from '@wismo/core'
import { expect } from 'vitest'
import { errorOf, expectCode, expectValidUpdate, jsonOf, stripSignature, tamper, toRaw } from './checks.ts'
import type { CarrierHarness, CaseContext } from './harness.ts'
import type { TestCarrierOptions } from './options.ts'

type Fixtures<C extends Carrier> = NonNullable<TestCarrierOptions<C>['webhook']>

/** Bodies that are well-formed JSON but no carrier's tracking payload. */
const NOT_TRACKING = [{}, [], { hello: 'world' }, { type: 'tracking.updated' }, { data: { events: 'none' } }]

/** Signature, freshness and payload checks for carriers that receive webhooks. */
export function webhookCases<C extends Carrier>(h: CarrierHarness<C>): void {
  const setup = async (ctx: CaseContext) => {
    const carrier = h.carrier()
    const fixtures = h.options.webhook
    if (!fixtures) {
      if (carrier.capabilities.webhooks)
        expect.fail('the carrier declares webhooks: provide `webhook` fixtures or skip with a reason')
      ctx.skip('carrier declares no webhooks')
    }
    const webhook = carrier.webhook ?? expect.fail('`webhook` fixtures given but carrier.webhook is missing')
    return { carrier, webhook, fixtures, signed: await toRaw(await fixtures.signedRequest(carrier)) }
  }

  h.test('webhook-signed', 'a signed request verifies and parses to valid webhook updates', async (ctx) => {
    const { carrier, webhook, signed } = await setup(ctx)
    const result = await webhook.verify(signed)
    if (result?.messageId !== undefined) expect(result.messageId.length).toBeGreaterThan(0)
    const updates = await webhook.parse(jsonOf(signed), signed)
    expect(updates.length, 'a tracking webhook yields at least one update').toBeGreaterThan(0)
    for (const update of updates) expectValidUpdate(update, carrier, 'webhook')
    expect(updates.flatMap((u) => u.events).length, 'and at least one event').toBeGreaterThan(0)
  })

  h.test(
    'webhook-tampered',
    'a request whose body changed after signing → WEBHOOK_INVALID_SIGNATURE',
    async (ctx) => {
      const { webhook, signed } = await setup(ctx)
      await expectRejected(webhook, tamper(signed), 'WEBHOOK_INVALID_SIGNATURE')
    },
  )

  h.test('webhook-unsigned', 'a request without signature → WEBHOOK_INVALID_SIGNATURE', async (ctx) => {
    const { carrier, webhook, fixtures, signed } = await setup(ctx)
    const unsigned = fixtures.unsignedRequest
      ? await toRaw(await fixtures.unsignedRequest(carrier))
      : stripSignature(signed)
    await expectRejected(webhook, unsigned, 'WEBHOOK_INVALID_SIGNATURE')
  })

  h.test('webhook-stale', 'a correctly signed but stale request → WEBHOOK_STALE', async (ctx) => {
    const { carrier, webhook, fixtures } = await setup(ctx)
    const stale = staleFactory(fixtures)
    await expectRejected(webhook, await toRaw(await stale(carrier)), 'WEBHOOK_STALE')
  })

  h.test(
    'webhook-unprocessable',
    'well-formed JSON that is no tracking payload → WEBHOOK_UNPROCESSABLE',
    async (ctx) => {
      const { webhook, signed } = await setup(ctx)
      for (const body of NOT_TRACKING) {
        const raw = { ...signed, body: new TextEncoder().encode(JSON.stringify(body)) }
        expectCode(await errorOf(() => webhook.parse(body, raw)), 'WEBHOOK_UNPROCESSABLE')
      }
    },
  )
}

function staleFactory<C extends Carrier>(fixtures: Fixtures<C>) {
  return (
    fixtures.staleRequest ??
    expect.fail(
      'provide webhook.staleRequest, or skip "webhook-stale" naming why (e.g. the scheme signs no timestamp)',
    )
  )
}

async function expectRejected(
  webhook: CarrierWebhook,
  raw: RawWebhookRequest,
  code: 'WEBHOOK_INVALID_SIGNATURE' | 'WEBHOOK_STALE',
) {
  expectCode(await errorOf(() => webhook.verify(raw)), code)
}
