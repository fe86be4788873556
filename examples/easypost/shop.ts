// A shop backend on EasyPost: buy the label of an order, track it through EasyPost's webhooks.
import { createServer, type Server } from 'node:http'
import { easypostCarrier } from '@wismo/carrier-easypost'
import {
  type CreatedShipment,
  createWismo,
  type Parcel,
  type PostalAddressInput,
  type Wismo,
  WismoError,
} from '@wismo/core'
import { nodeWebhookListener } from '@wismo/mount-node'
import { sqliteStore } from '@wismo/store-sqlite'

/** The environment the shop reads; only the two EasyPost values are required. */
export interface ShopEnv {
  /** Any other variable (so `process.env` is accepted as it is). */
  [name: string]: string | undefined
  /** EasyPost API key: the test key (`EZTK…`) buys free test labels. */
  EASYPOST_API_KEY?: string
  /** The secret set on the webhook in EasyPost's dashboard. */
  EASYPOST_WEBHOOK_SECRET?: string
  /** Set to `1` to allow a production key (`EZAK…`): its labels cost money. */
  EASYPOST_LIVE?: string
  /** Another API host (a proxy, or a fake EasyPost in tests). */
  EASYPOST_BASE_URL?: string
  /** The SQLite file (default `./shop.db`). */
  WISMO_DB?: string
}

const HINTS = {
  EASYPOST_API_KEY: 'copy the test key (EZTK…) from EasyPost’s dashboard, Account Settings → API Keys',
  EASYPOST_WEBHOOK_SECRET:
    'set a secret on your webhook in EasyPost’s dashboard (Account Settings → Webhooks) and export the same string',
} as const

function required(env: ShopEnv, name: keyof typeof HINTS): string {
  const value = env[name]?.trim()
  if (!value)
    throw new WismoError('CONFIG_INVALID', `${name} is not set: ${HINTS[name]}`, {
      details: { variable: name },
    })
  return value
}

/**
 * The shop's Wismo instance: a SQLite file and the EasyPost carrier, configured from the
 * environment. Refuses a production key unless `EASYPOST_LIVE=1`, so a copy of this example
 * never buys a real label by accident.
 * @example const wismo = createShop(process.env)
 */
export function createShop(env: ShopEnv, options: { clock?: () => Date } = {}): Wismo {
  const apiKey = required(env, 'EASYPOST_API_KEY')
  if (apiKey.startsWith('EZAK') && env.EASYPOST_LIVE !== '1')
    throw new WismoError(
      'CONFIG_INVALID',
      'EASYPOST_API_KEY is a production key (EZAK…), whose labels cost money: use the test key (EZTK…), or set EASYPOST_LIVE=1',
      { details: { variable: 'EASYPOST_API_KEY' } },
    )
  const easypost = easypostCarrier({
    apiKey,
    webhookSecret: required(env, 'EASYPOST_WEBHOOK_SECRET'),
    ...(env.EASYPOST_BASE_URL ? { baseUrl: env.EASYPOST_BASE_URL } : {}),
  })
  return createWismo({
    store: sqliteStore({ path: env.WISMO_DB ?? './shop.db' }),
    carriers: [easypost],
    ...(options.clock ? { clock: options.clock } : {}),
  })
}

/** Where the shop ships from (EasyPost's own sample address, which its test mode accepts). */
export const WAREHOUSE: PostalAddressInput = {
  name: 'EasyPost Example Shop',
  street1: '417 Montgomery Street',
  street2: 'Floor 5',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94104',
  country: 'US',
  phone: '4153334445',
}

/** An order as the shop knows it when it is ready to ship. */
export interface ShopOrder {
  id: string
  email: string
  to: PostalAddressInput
  parcels: Parcel[]
}

/**
 * A sample order for the CLI: EasyPost's sample recipient, one 1.2 kg box.
 * @example await shipOrder(wismo, demoOrder('A-1001'))
 */
export function demoOrder(id: string): ShopOrder {
  return {
    id,
    email: 'elizabeth.swan@example.com',
    to: {
      name: 'Elizabeth Swan',
      street1: '179 N Harbor Dr',
      city: 'Redondo Beach',
      region: 'CA',
      postalCode: '90277',
      country: 'US',
    },
    parcels: [{ weightKg: 1.2, lengthCm: 30, widthCm: 20, heightCm: 12 }],
  }
}

/**
 * Ship an order: record it, then buy the cheapest EasyPost rate and track the parcel. Safe to
 * repeat (a queue retry, a rerun after a crash): one order's parcels get one label, and a repeat
 * answers it with `created: false`.
 * @example const { shipment, rate, label } = await shipOrder(wismo, order)
 */
export async function shipOrder(wismo: Wismo, order: ShopOrder): Promise<CreatedShipment> {
  await wismo.registerOrder({ id: order.id, customer: { email: order.email } })
  return wismo.createShipment({
    orderId: order.id,
    carrier: 'easypost',
    from: WAREHOUSE,
    to: order.to,
    parcels: order.parcels,
    service: 'cheapest',
    reference: order.id,
  })
}

/**
 * What the CLI prints for a shipped order.
 * @example describeShipment(result) // ['tracking number  9400…', 'rate  USPS GroundAdvantage 5.93 USD', …]
 */
export function describeShipment({ shipment, rate, label, created }: CreatedShipment): string[] {
  return [
    `order            ${shipment.orderId ?? '-'}${created ? '' : ' (label bought earlier)'}`,
    `tracking number  ${shipment.trackingNumber}`,
    `rate             ${[rate.carrier, rate.service].filter(Boolean).join(' ')} ${rate.amount.toFixed(2)} ${rate.currency}`,
    `label            ${label.url ?? '(inline data)'} (${label.format})`,
  ]
}

/**
 * The HTTP server EasyPost posts to: `POST /webhooks/easypost` (signature checked on the raw
 * bytes); every other path is a JSON 404.
 * @example webhookServer(wismo).listen(3000)
 */
export function webhookServer(wismo: Wismo): Server {
  return createServer(nodeWebhookListener(wismo, { basePath: '/webhooks' }))
}
