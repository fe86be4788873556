import { type Attributes, metrics, SpanStatusCode, trace } from '@opentelemetry/api'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace'
import { EventEmitter } from 'eventemitter3'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineCarrier } from '../carrier/define-carrier.ts'
import { parseOptions } from '../define/options.ts'
import { StatusSchema } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'
import type { WismoEvents } from '../events.ts'
import { type IngestContext, ingestUpdate } from '../ingest/ingest.ts'
import { noopLogger } from '../logger.ts'
import { defineNotifier } from '../notify/define-notifier.ts'
import { providerBreakers } from '../notify/engine/breakers.ts'
import { NotificationsOptionsSchema, notificationsSettings } from '../notify/engine/options.ts'
import { withMessageRows } from '../notify/engine/plan.ts'
import { type NotifyContext, notifyPass } from '../notify/engine/send.ts'
import { memoryStore } from '../store/memory-store.ts'
import { createWebhookHandler } from '../webhooks/handler.ts'
import { hmacHeaderVerifier, signHmacHeader } from '../webhooks/verify/hmac-header.ts'
import { createWismo } from '../wismo.ts'
import { createTelemetry, noopTelemetry, type Telemetry } from './telemetry.ts'

// What must never reach a span or a metric: the customer's contacts and name, the carrier's
// secrets, the tracking link's token.
const EMAIL = 'ana.lima@example.com'
const PHONE = '+14155550123'
const NAME = 'Ana Lima'
const API_KEY = 'pk_live_7d1c55e0a9b34f'
const WEBHOOK_SECRET = 'hook-secret-3b9f1e22c4'
const LINK_TOKEN = 'v1.QS0x.1799999999.c2lnbmF0dXJl'
const NUMBER = 'PAR00001234'
const BASE = 'https://parcelo.test'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const Scans = z.object({
  number: z.string(),
  scans: z.array(z.object({ id: z.string(), status: StatusSchema, at: z.string(), text: z.string() })),
})

/** A regional carrier: key in the query string (some do), HMAC-signed webhooks. */
const parcelo = defineCarrier({
  id: 'parcelo',
  options: z.object({ apiKey: z.string(), webhookSecret: z.string() }).strict(),
  secrets: ['apiKey', 'webhookSecret'],
  capabilities: { track: true, webhooks: true },
  http: () => ({ baseUrl: BASE, retries: 2, minDelayMs: 1, maxDelayMs: 2 }),
  setup: (options, { http }) => {
    const verify = hmacHeaderVerifier({ header: 'x-parcelo-signature', encoding: 'hex' })
    const toUpdate = (data: z.output<typeof Scans>, source: 'poll' | 'webhook') => ({
      carrier: 'parcelo',
      trackingNumber: data.number,
      source,
      events: data.scans.map((s) => ({
        status: s.status,
        rawCode: s.status,
        rawText: s.text,
        occurredAt: s.at,
      })),
    })
    return {
      track: async (numbers) =>
        Promise.all(
          numbers.map(async (n) => {
            const query = { key: options.apiKey, notify: EMAIL }
            const { data } = await http.request(`/v1/track/${n}`, { searchParams: query })
            return toUpdate(Scans.parse(data), 'poll')
          }),
        ),
      webhook: {
        verify: (req) => verify(req, [options.webhookSecret]),
        parse: (body) => [toUpdate(Scans.parse(body), 'webhook')],
      },
    }
  },
})

/** The SDK's in-memory exporter for spans, and a reader collected on demand for metrics. */
function observed() {
  const spans = new InMemorySpanExporter()
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  })
  const reader = new (class extends MetricReader {
    protected override async onShutdown() {}
    protected override async onForceFlush() {}
  })()
  const meterProvider = new MeterProvider({ readers: [reader] })
  const points = async () => {
    const { resourceMetrics, errors } = await reader.collect()
    expect(errors).toEqual([])
    return resourceMetrics.scopeMetrics.flatMap((s) =>
      s.metrics.flatMap((m) =>
        (m.dataPoints as { attributes: Attributes; value: unknown }[]).map((p) => ({
          name: m.descriptor.name,
          unit: m.descriptor.unit,
          attributes: p.attributes,
          value: p.value,
        })),
      ),
    )
  }
  return { spans, points, tracerProvider, meterProvider }
}

/**
 * A shop's instance, its parts built directly with `telemetry` (as `createWismo` will wire them):
 * the webhook handler, ingest, the carrier's HTTP client and the notification pass.
 */
async function shop(telemetry: Telemetry | undefined) {
  const t = Date.parse('2026-03-02T15:00:00Z')
  const now = () => new Date(t)
  const sent: string[] = []
  const mail = defineNotifier({
    id: 'mailer',
    capabilities: { channels: ['email'] },
    setup: () => ({ send: async (m) => ({ providerMessageId: `mail-${sent.push(m.to)}` }) }),
  })()
  const texter = defineNotifier({
    id: 'texter',
    capabilities: { channels: ['sms'] },
    setup: () => ({
      send: async () => {
        throw new WismoError('NOTIFY_UNAVAILABLE', `texter refused ${PHONE}`)
      },
    }),
  })()
  const parsed = parseOptions(
    NotificationsOptionsSchema,
    {
      channels: { email: [mail], sms: [texter] },
      triggers: { in_transit: ['email', 'sms'] },
      shop: { name: 'Lumen & Co' },
      burstWindowMs: 0,
      trackingUrl: ({ orderId }: { orderId: string }) =>
        `https://shop.example/track/${orderId}?t=${LINK_TOKEN}`,
    },
    'notifications',
  )
  const settings = notificationsSettings(parsed, null)
  const store = withMessageRows(memoryStore(), settings, now)
  const carrier = parcelo({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET })
  const wismo = createWismo({ store, carriers: [carrier], clock: now })
  // What `createWismo` will do with its telemetry option: hand it to each carrier.
  const runtime = { log: noopLogger, ...(telemetry ? { telemetry } : {}) }
  carrier.attach?.(runtime)
  await wismo.registerOrder({
    id: 'A-1',
    customer: { name: NAME, email: EMAIL, phone: PHONE, timeZone: 'America/Denver' },
    preferences: { email: true, sms: true, mutedTriggers: [] },
  })
  await wismo.registerShipment({ orderId: 'A-1', trackingNumber: NUMBER, carrier: 'parcelo' })
  const withTelemetry = telemetry ? { telemetry } : {}
  const ingest: IngestContext = {
    store,
    carrierIds: new Set(['parcelo']),
    emitter: new EventEmitter<WismoEvents>(),
    log: noopLogger,
    now,
    unknownShipments: () => 'create',
    ...withTelemetry,
  }
  const handler = (ingestWith = (u: unknown) => ingestUpdate(ingest, u)) =>
    createWebhookHandler({
      carriers: new Map([['parcelo', carrier]]),
      ingest: ingestWith,
      log: noopLogger,
      options: { maxBodyBytes: 1 << 20, bodyIdleTimeoutMs: 10_000, bodyTimeoutMs: 30_000, replayGuard: null },
      ...withTelemetry,
    })
  const notify: NotifyContext = {
    store,
    settings,
    now,
    log: noopLogger,
    providers: providerBreakers({}, noopLogger),
    carrierName: () => 'Parcelo',
    ...withTelemetry,
  }
  return { carrier, ingest, handler, notify, sent }
}

type Shop = Awaited<ReturnType<typeof shop>>

async function signedPost(body: string, secret = WEBHOOK_SECRET) {
  const headers = await signHmacHeader({ header: 'x-parcelo-signature', encoding: 'hex' }, { secret, body })
  // The sender's query string (their own token) must not reach a span either.
  return new Request(`https://shop.example/webhooks/parcelo?sender_token=${LINK_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
}

const scans = (...list: [string, string, string][]) =>
  JSON.stringify({
    number: NUMBER,
    scans: list.map(([id, status, at]) => ({ id, status, at, text: `${status} at Denver hub` })),
  })

/** Run the flow every test looks at: webhooks (good, forged, failing store), a poll, a send. */
async function flow(telemetry: Telemetry | undefined, built?: Shop) {
  const w = built ?? (await shop(telemetry))
  server.use(
    http.get(`${BASE}/v1/track/${NUMBER}`, ({ request }) =>
      new URL(request.url).searchParams.get('key') === API_KEY
        ? HttpResponse.json(JSON.parse(scans(['s2', 'out_for_delivery', '2026-03-02T09:00:00-07:00'])))
        : new HttpResponse(null, { status: 401 }),
    ),
    http.get(`${BASE}/v1/track/PAR00009999`, () => new HttpResponse(null, { status: 503 })),
  )
  const handle = w.handler()
  const ok = await handle(await signedPost(scans(['s1', 'in_transit', '2026-03-02T08:00:00-07:00'])))
  const forged = await handle(
    await signedPost(scans(['s9', 'delivered', '2026-03-02T08:00:00-07:00']), 'nope'),
  )
  const down = w.handler(async () => {
    throw new WismoError('STORE_UNAVAILABLE', 'database is down')
  })
  const unavailable = await down(await signedPost(scans(['s3', 'in_transit', '2026-03-02T08:30:00-07:00'])))
  const report = await notifyPass(w.notify, { workerId: 'n1' })
  const polled = await w.carrier.track([NUMBER])
  const carrierDown = await w.carrier.track(['PAR00009999']).catch((e: unknown) => e)
  for (const update of polled) await ingestUpdate(w.ingest, update)
  const unknown = await ingestUpdate(w.ingest, { ...polled[0], carrier: 'nobody' }).catch((e: unknown) => e)
  return { ok, forged, unavailable, report, carrierDown, unknown, sent: w.sent }
}

const byName = (spans: readonly ReadableSpan[], name: string) => spans.filter((s) => s.name === name)

/** Every string a span or metric carries: names, attribute values, event attributes, status messages. */
function recordedStrings(spans: readonly ReadableSpan[], points: readonly { attributes: Attributes }[]) {
  const values = (a: Attributes) => Object.entries(a).flatMap(([k, v]) => [k, String(v)])
  return [
    ...spans.flatMap((s) => [
      s.name,
      s.status.message ?? '',
      ...values(s.attributes),
      ...s.events.flatMap((e) => [e.name, ...values(e.attributes ?? {})]),
    ]),
    ...points.flatMap((p) => values(p.attributes)),
  ]
}

describe('telemetry', () => {
  it('traces a webhook, its ingest, a carrier call and a send, with ids and states as attributes', async () => {
    const o = observed()
    const run = await flow(
      createTelemetry({ tracerProvider: o.tracerProvider, meterProvider: o.meterProvider }),
    )
    expect([run.ok.status, run.forged.status, run.unavailable.status]).toEqual([200, 401, 503])
    const spans = o.spans.getFinishedSpans()

    const hooks = byName(spans, 'wismo.webhook.handle')
    expect(hooks.map((s) => s.attributes)).toEqual([
      expect.objectContaining({
        'wismo.webhook.route': 'parcelo',
        'wismo.carrier': 'parcelo',
        'http.response.status_code': 200,
        'wismo.outcome': 'accepted',
      }),
      expect.objectContaining({
        'http.response.status_code': 401,
        'wismo.error.code': 'WEBHOOK_INVALID_SIGNATURE',
      }),
      expect.objectContaining({ 'http.response.status_code': 503, 'wismo.error.code': 'STORE_UNAVAILABLE' }),
    ])
    // A sender's mistake is not our error; a store that is down is.
    expect(hooks.map((s) => s.status.code)).toEqual([
      SpanStatusCode.UNSET,
      SpanStatusCode.UNSET,
      SpanStatusCode.ERROR,
    ])

    const ingests = byName(spans, 'wismo.ingest')
    expect(ingests[0]?.attributes).toMatchObject({
      'wismo.carrier': 'parcelo',
      'wismo.source': 'webhook',
      'wismo.outcome': 'updated',
      'wismo.order.id': 'A-1',
      'wismo.events.new': 1,
      'wismo.status.from': 'pending',
      'wismo.status.to': 'in_transit',
      'wismo.shipment.id': expect.stringMatching(/^shp_/),
    })
    expect(ingests[1]?.attributes).toMatchObject({
      'wismo.source': 'poll',
      'wismo.status.from': 'in_transit',
      'wismo.status.to': 'out_for_delivery',
    })

    const calls = byName(spans, 'wismo.carrier.call')
    expect(calls[0]?.attributes).toEqual({
      'wismo.carrier': 'parcelo',
      'http.request.method': 'GET',
      'url.path': `/v1/track/${NUMBER}`,
      'http.response.status_code': 200,
      'http.request.resend_count': 0,
    })

    const sends = byName(spans, 'wismo.notify.send')
    const sendOf = (channel: string) => sends.find((s) => s.attributes['wismo.channel'] === channel)
    expect(sendOf('email')?.attributes).toMatchObject({
      'wismo.trigger': 'in_transit',
      'wismo.provider': 'mailer',
      'wismo.order.id': 'A-1',
      'wismo.outcome': 'sent',
    })
    expect(run.sent).toEqual([EMAIL])
  })

  it('marks failures ERROR with the error code, and retries as events of one call', async () => {
    const o = observed()
    const run = await flow(
      createTelemetry({ tracerProvider: o.tracerProvider, meterProvider: o.meterProvider }),
    )
    const spans = o.spans.getFinishedSpans()
    expect(run.carrierDown).toMatchObject({ code: 'CARRIER_UNAVAILABLE' })
    const down = byName(spans, 'wismo.carrier.call').find(
      (s) => s.attributes['url.path'] === '/v1/track/PAR00009999',
    )
    expect(down?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'CARRIER_UNAVAILABLE' })
    expect(down?.attributes).toMatchObject({
      'wismo.error.code': 'CARRIER_UNAVAILABLE',
      'http.response.status_code': 503,
      'http.request.resend_count': 2,
    })
    expect(
      down?.events.filter((e) => e.name === 'wismo.http.attempt_failed').map((e) => e.attributes),
    ).toEqual([
      expect.objectContaining({ 'wismo.attempt': 1, 'http.response.status_code': 503 }),
      expect.objectContaining({ 'wismo.attempt': 2 }),
      expect.objectContaining({ 'wismo.attempt': 3 }),
    ])

    const sms = byName(spans, 'wismo.notify.send').find((s) => s.attributes['wismo.channel'] === 'sms')
    expect(sms?.status.code).toBe(SpanStatusCode.ERROR)
    expect(sms?.attributes).toMatchObject({
      'wismo.provider': 'texter',
      'wismo.outcome': 'retried',
      'wismo.error.code': 'NOTIFY_UNAVAILABLE',
    })
    expect(run.report).toMatchObject({ sent: 1, retried: 1 })

    expect(run.unknown).toMatchObject({ code: 'CARRIER_UNKNOWN' })
    const failedIngest = byName(spans, 'wismo.ingest').find((s) => s.attributes['wismo.carrier'] === 'nobody')
    expect(failedIngest?.status.code).toBe(SpanStatusCode.ERROR)
    expect(failedIngest?.attributes['wismo.error.code']).toBe('CARRIER_UNKNOWN')
    // Only the code is recorded, never the error's message.
    expect(failedIngest?.events.map((e) => e.attributes?.['exception.message'])).toEqual(['CARRIER_UNKNOWN'])
  })

  it('emits the metrics with their units and bounded attributes', async () => {
    const o = observed()
    const telemetry = createTelemetry({ tracerProvider: o.tracerProvider, meterProvider: o.meterProvider })
    await flow(telemetry)
    telemetry.observeBreakers(['parcelo', 'backup'], (id) => (id === 'parcelo' ? 'open' : 'half_open'))
    const outbox = telemetry.observeOutbox(async () => ({ depth: 3, oldestAgeMs: 1_200 }))
    await outbox.refresh()
    telemetry.record.pollLag(2_500, 'parcelo')
    const points = await o.points()
    const of = (name: string) => points.filter((p) => p.name === name)

    expect(of('wismo.ingest.duration').map((p) => [p.unit, p.attributes])).toContainEqual([
      'ms',
      { 'wismo.carrier': 'parcelo', 'wismo.source': 'webhook', 'wismo.outcome': 'updated' },
    ])
    expect(of('wismo.webhook.requests').map((p) => [p.attributes, p.value])).toEqual(
      expect.arrayContaining([
        [{ 'wismo.webhook.route': 'parcelo', 'http.status_class': '2xx' }, 1],
        [{ 'wismo.webhook.route': 'parcelo', 'http.status_class': '4xx' }, 1],
        [{ 'wismo.webhook.route': 'parcelo', 'http.status_class': '5xx' }, 1],
      ]),
    )
    expect(of('wismo.carrier.failures').map((p) => [p.attributes, p.value])).toEqual([
      [{ 'wismo.carrier': 'parcelo', 'wismo.error.code': 'CARRIER_UNAVAILABLE' }, 1],
    ])
    expect(of('wismo.notify.failures').map((p) => [p.attributes, p.value])).toEqual([
      [{ 'wismo.provider': 'texter', 'wismo.error.code': 'NOTIFY_UNAVAILABLE' }, 1],
    ])
    expect(of('wismo.breaker.state').map((p) => [p.attributes, p.value])).toEqual([
      [{ 'wismo.carrier': 'parcelo' }, 2],
      [{ 'wismo.carrier': 'backup' }, 1],
    ])
    expect(of('wismo.outbox.depth').map((p) => p.value)).toEqual([3])
    expect(of('wismo.outbox.age').map((p) => [p.unit, p.value])).toEqual([['ms', 1_200]])
    expect(of('wismo.poll.lag').map((p) => [p.unit, p.attributes])).toEqual([
      ['ms', { 'wismo.carrier': 'parcelo' }],
    ])
  })

  it('records how late a poll pass claimed each due poll', async () => {
    const o = observed()
    let t = Date.parse('2026-03-02T15:00:00Z')
    const polling = createWismo({
      carriers: [parcelo({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET })],
      clock: () => new Date(t),
      telemetry: { tracerProvider: o.tracerProvider, meterProvider: o.meterProvider },
    })
    await polling.registerShipment({ trackingNumber: NUMBER, carrier: 'parcelo' })
    server.use(
      http.get(`${BASE}/v1/track/${NUMBER}`, () =>
        HttpResponse.json(JSON.parse(scans(['s1', 'in_transit', '2026-03-02T08:00:00-07:00']))),
      ),
    )
    t += 40 * 86_400_000
    expect((await polling.workers.pollDue({ workerId: 'p1' })).claimed).toBe(1)
    const lags = (await o.points()).filter((p) => p.name === 'wismo.poll.lag')
    expect(lags.map((p) => [p.unit, p.attributes])).toEqual([['ms', { 'wismo.carrier': 'parcelo' }]])
  })

  it('reports the last good outbox sample, none before the first', async () => {
    const o = observed()
    const telemetry = createTelemetry({ meterProvider: o.meterProvider })
    let sample: () => Promise<{ depth: number; oldestAgeMs: number }> = async () => ({
      depth: 7,
      oldestAgeMs: 50,
    })
    const gauge = telemetry.observeOutbox(() => sample())
    const depth = async () =>
      (await o.points()).filter((p) => p.name === 'wismo.outbox.depth').map((p) => p.value)
    expect(await depth()).toEqual([])
    await gauge.refresh()
    expect(await depth()).toEqual([7])
    expect(await depth()).toEqual([7])
    sample = async () => {
      throw new WismoError('STORE_UNAVAILABLE', 'down')
    }
    await expect(gauge.refresh()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' })
    expect(await depth()).toEqual([7])
    gauge.stop()
  })

  it('records no e-mail, phone, name, secret, link token or query string anywhere', async () => {
    const o = observed()
    const telemetry = createTelemetry({ tracerProvider: o.tracerProvider, meterProvider: o.meterProvider })
    await flow(telemetry)
    const strings = recordedStrings(o.spans.getFinishedSpans(), await o.points())
    expect(strings.length).toBeGreaterThan(100)
    const forbidden = [
      /[^\s@]+@[^\s@]+\.[a-z]{2,}/i,
      /\+\d{7,}/,
      /4155550123/,
      new RegExp(NAME),
      new RegExp(API_KEY),
      new RegExp(WEBHOOK_SECRET),
      new RegExp(LINK_TOKEN.replaceAll('.', '\\.')),
      /\?/,
      /[?&][\w-]+=/,
    ]
    expect(strings.filter((s) => forbidden.some((re) => re.test(s)))).toEqual([])
  })

  it('records nothing and changes nothing without telemetry, even with an SDK registered globally', async () => {
    const o = observed()
    // Built first: `createWismo` (used here to register the order) may take the global providers.
    const built = await shop(undefined)
    trace.setGlobalTracerProvider(o.tracerProvider)
    metrics.setGlobalMeterProvider(o.meterProvider)
    try {
      const run = await flow(undefined, built)
      expect([run.ok.status, run.forged.status, run.unavailable.status]).toEqual([200, 401, 503])
      expect(run.report).toMatchObject({ sent: 1, retried: 1 })
      noopTelemetry.observeBreakers(['parcelo'], () => 'open')
      await noopTelemetry.observeOutbox(async () => ({ depth: 1, oldestAgeMs: 1 })).refresh()
      expect(o.spans.getFinishedSpans()).toEqual([])
      expect(await o.points()).toEqual([])
      // `createTelemetry()` without providers records to the global ones.
      await createTelemetry().span('wismo.ingest', {}, async () => null)
      expect(o.spans.getFinishedSpans().map((s) => s.name)).toEqual(['wismo.ingest'])
    } finally {
      trace.disable()
      metrics.disable()
    }
  })

  it('records nothing and never throws with no SDK registered', async () => {
    const telemetry = createTelemetry()
    await expect(telemetry.span('wismo.ingest', {}, async () => 1)).resolves.toBe(1)
    await expect(
      telemetry.span('wismo.ingest', {}, async () => {
        throw new WismoError('STORE_UNAVAILABLE', 'down')
      }),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' })
    telemetry.record.ingestDuration(5, { carrier: 'parcelo', source: 'poll', outcome: 'updated' })
    telemetry.observeBreakers(['parcelo'], () => 'closed')()
    const run = await flow(telemetry)
    expect(run.ok.status).toBe(200)
  })

  it('refuses providers that are not OpenTelemetry providers', () => {
    expect(() => createTelemetry({ tracerProvider: {} as never })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
    expect(() => createTelemetry({ meterProvider: { getMeter: 1 } as never, extra: true } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })
})
