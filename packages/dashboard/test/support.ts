/** A dashboard on a memory-store Wismo whose `ops` reads are given by the test. */
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, type Logger, type Order, type Shipment } from '@wismo/core'
import { type OpsDashboardOptions, opsDashboard } from '../src/index.ts'
import type { OpsReader, ShipmentDetail } from '../src/source.ts'

export const ORIGIN = 'http://shop.test'
export const TOKEN = 'test-only-ops-token'
const WEBHOOK_SECRET = 'whsec_ZGVtby1vbmx5LXNlY3JldC1mb3Itd2lzbW8tZGVtbw=='

export interface LogLine {
  level: string
  obj: object
  msg: string | undefined
}

export function fakeWorld(reader: Partial<OpsReader> = {}, options: Partial<OpsDashboardOptions> = {}) {
  const lines: LogLine[] = []
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg })
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
  const clock = () => new Date('2026-03-10T12:00:00Z')
  const wismo = createWismo({
    carriers: [sandboxCarrier({ seed: 1, webhookSecret: WEBHOOK_SECRET, clock })],
    clock,
    logger,
  })
  const ops: OpsReader = {
    search: async () => [],
    shipment: async () => null,
    ...reader,
  }
  Object.assign(wismo, { ops })
  const dashboard = opsDashboard(wismo, {
    authorize: (request) =>
      request.headers.get('authorization') === `Bearer ${TOKEN}` ? { name: 'Sam from support' } : null,
    ...options,
  })
  const get = (path: string, init: RequestInit = {}) =>
    dashboard.handle(
      new Request(`${ORIGIN}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${TOKEN}`, ...init.headers },
      }),
    )
  return { wismo, dashboard, get, lines, logText: () => JSON.stringify(lines) }
}

export const ORDER: Order = {
  id: 'A-1001',
  customer: {
    name: 'Ana Lima',
    email: 'ana@example.com',
    phone: '+14155550100',
    locale: 'en',
    timeZone: 'UTC',
  },
  preferences: { email: true, sms: false, mutedTriggers: [] },
  metadata: {},
  createdAt: '2026-03-01T10:00:00Z',
}

export const SHIPMENT: Shipment = {
  id: 'shp_1',
  orderId: 'A-1001',
  carrier: 'sandbox',
  trackingNumber: 'SBX123',
  carrierShipmentId: null,
  service: 'Ground',
  origin: { city: 'Boston', region: 'MA', country: 'US' },
  destination: { city: 'Denver', region: 'CO', country: 'US' },
  direction: 'outbound',
  status: 'in_transit',
  subStatus: null,
  statusChangedAt: '2026-03-02T10:00:00Z',
  lastEventAt: '2026-03-02T10:00:00Z',
  eta: null,
  promisedDate: null,
  metadata: {},
  version: 3,
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-02T10:00:00Z',
}

export const DETAIL: ShipmentDetail = {
  shipment: SHIPMENT,
  order: ORDER,
  events: [
    {
      status: 'in_transit',
      subStatus: null,
      rawCode: 'DP',
      rawText: 'Departed <facility>',
      occurredAt: '2026-03-02T05:00:00-05:00',
      location: { city: 'Boston', region: 'MA', country: 'US' },
      dedupKey: 'dk1',
      shipmentId: 'shp_1',
      receivedAt: '2026-03-02T10:00:01Z',
      source: 'webhook',
    },
  ],
  raw: [
    {
      id: 'raw_1',
      source: 'webhook',
      carrier: 'sandbox',
      receivedAt: '2026-03-02T10:00:01Z',
      contentType: 'application/json',
      body: '{"note":"</pre><script>alert(1)</script>","n":1}',
      truncated: false,
    },
  ],
  notifications: [
    {
      id: 'ob_1',
      idempotencyKey: 'notify:shp_1:in_transit:email',
      shipmentId: 'shp_1',
      topic: 'notify.email',
      payload: { trigger: 'in_transit', channel: 'email', shipmentId: 'shp_1', orderId: 'A-1001' },
      state: 'dead',
      attempts: 3,
      availableAt: '2026-03-02T10:00:01Z',
      leaseOwner: null,
      leaseUntil: null,
      lastError: 'NOTIFY_REQUEST_REJECTED: mailbox unavailable',
      providerMessageId: null,
      createdAt: '2026-03-02T10:00:01Z',
      completedAt: '2026-03-02T10:05:00Z',
      log: [
        { at: '2026-03-02T10:00:02Z', workerId: 'w1', kind: 'note', text: 'attempt 1: calling inbox' },
        { at: '2026-03-02T10:05:00Z', workerId: 'w1', kind: 'dead', text: 'rejected: mailbox unavailable' },
      ],
    },
  ],
}
