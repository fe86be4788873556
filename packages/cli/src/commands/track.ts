import { dhlCarrier } from '@wismo/carrier-dhl'
import { fedexCarrier } from '@wismo/carrier-fedex'
import { upsCarrier } from '@wismo/carrier-ups'
import { uspsCarrier } from '@wismo/carrier-usps'
import {
  type Carrier,
  consoleLogger,
  createWismo,
  memoryStore,
  normalizeTrackingNumber,
  WismoError,
} from '@wismo/core'
import type { Io } from '../cli.ts'
import { type Command, JSON_OPTION } from './command.ts'
import { timelineBlock } from './format.ts'

type Env = Readonly<Record<string, string | undefined>>

/** How each carrier is built from the environment: data, so help and errors read from one table. */
const CARRIERS: Record<
  string,
  { env: readonly string[]; optional?: readonly string[]; make: (e: Env) => Carrier }
> = {
  ups: {
    env: ['UPS_CLIENT_ID', 'UPS_CLIENT_SECRET'],
    optional: ['UPS_BASE_URL'],
    make: (e) => upsCarrier(oauth(e, 'UPS')),
  },
  fedex: {
    env: ['FEDEX_CLIENT_ID', 'FEDEX_CLIENT_SECRET'],
    optional: ['FEDEX_BASE_URL'],
    make: (e) => fedexCarrier(oauth(e, 'FEDEX')),
  },
  usps: {
    env: ['USPS_CLIENT_ID', 'USPS_CLIENT_SECRET'],
    optional: ['USPS_BASE_URL'],
    make: (e) => uspsCarrier(oauth(e, 'USPS')),
  },
  dhl: {
    env: ['DHL_API_KEY'],
    optional: ['DHL_BASE_URL'],
    make: (e) =>
      dhlCarrier({ apiKey: e.DHL_API_KEY as string, ...(e.DHL_BASE_URL ? { baseUrl: e.DHL_BASE_URL } : {}) }),
  },
}

function oauth(e: Env, prefix: string) {
  const baseUrl = e[`${prefix}_BASE_URL`]
  return {
    clientId: e[`${prefix}_CLIENT_ID`] as string,
    clientSecret: e[`${prefix}_CLIENT_SECRET`] as string,
    ...(baseUrl ? { baseUrl } : {}),
  }
}

/** `wismo track <carrier> <number>`: one real number, credentials from the environment, its timeline. */
export const trackCommand: Command & {
  run: (values: Record<string, unknown>, positionals: string[], io: Io, env?: Env) => Promise<void>
} = {
  summary: `track one number with a real carrier (${Object.keys(CARRIERS).join(', ')}); credentials from the environment`,
  args: '<carrier> <tracking number>',
  options: { json: JSON_OPTION },
  examples: ['dhl 00340434161094042557', 'ups 1Z5R89390357567127 --json'],
  exitCodes: {
    1: 'the carrier failed or does not know the number (CARRIER_NOT_FOUND)',
    2: `bad arguments, or a credential is missing: ${Object.values(CARRIERS)
      .flatMap((c) => c.env)
      .join(', ')}`,
  },
  async run(values: Record<string, unknown>, positionals: string[], io: Io, env: Env = process.env) {
    const [carrierId, number, ...extra] = positionals
    if (!carrierId || !number || extra.length > 0)
      throw new WismoError('INPUT_INVALID', 'usage: wismo track <carrier> <tracking number>')
    const spec = CARRIERS[carrierId]
    if (!spec)
      throw new WismoError(
        'INPUT_INVALID',
        `unknown carrier "${carrierId}"; one of ${Object.keys(CARRIERS).join(', ')}`,
      )
    const missing = spec.env.filter((name) => !env[name])
    if (missing.length > 0)
      throw new WismoError('INPUT_INVALID', `set ${missing.join(' and ')} to track with ${carrierId}`, {
        details: { missing },
      })
    const carrier = spec.make(env)
    const wismo = createWismo({ store: memoryStore(), carriers: [carrier], logger: consoleLogger('error') })
    const updates = await carrier.track([normalizeTrackingNumber(number)])
    if (updates.length === 0)
      throw new WismoError('CARRIER_NOT_FOUND', `${carrierId} does not know ${number}`, {
        details: { carrierId },
      })
    for (const update of updates) await wismo.ingest({ ...update, source: 'poll' })
    const views = await Promise.all(updates.map(async (u) => wismo.findShipment(carrierId, u.trackingNumber)))
    if (values.json) {
      io.out(`${JSON.stringify({ carrier: carrierId, shipments: views }, null, 2)}\n`)
      return
    }
    for (const view of views)
      if (view)
        io.out(timelineBlock(`${carrierId} ${view.shipment.trackingNumber}`, view.shipment, view.timeline))
  },
}
