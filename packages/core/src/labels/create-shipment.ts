import { z } from 'zod'
import type { Carrier } from '../carrier/contract.ts'
import {
  LabelFormatSchema,
  type LabelPurchasing,
  type LabelQuote,
  type LabelRate,
  ParcelSchema,
  type PostalAddress,
  PostalAddressSchema,
  type PurchasedLabel,
} from '../carrier/labels.ts'
import { parseInput } from '../define/options.ts'
import { type Location, MAX_PIECES, type Shipment } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'
import type { WismoStore } from '../store/contract.ts'
import type { LabelRequest, LabelRequestState } from '../store/label-requests.ts'
import { newId } from '../util/ids.ts'
import { toHex } from '../webhooks/verify/encoding.ts'
import type { RegisterShipmentInput } from '../wismo-options.ts'
import { chooseRate } from './rates.ts'

const identifier = z.string().trim().min(1).max(200)

/** `wismo.createShipment`'s input, validated before any call to the carrier. */
export const CreateShipmentSchema = z
  .object({
    orderId: identifier,
    /** The id of a registered carrier that buys labels (`capabilities.createShipment`). */
    carrier: identifier,
    from: PostalAddressSchema,
    to: PostalAddressSchema,
    parcels: z.array(ParcelSchema).min(1).max(MAX_PIECES),
    /** A service token the carrier quotes (e.g. `'Priority'`), or `'cheapest'` / `'fastest'`. */
    service: z.string().trim().min(1).max(100).default('cheapest'),
    /**
     * Tells apart two shipments of one order with the same parcels (the request key includes it);
     * printed on the label where the carrier allows.
     */
    reference: z.string().trim().min(1).max(200).optional(),
    labelFormat: LabelFormatSchema.default('PDF'),
    metadata: z.record(z.string().max(100), z.string().max(2000)).default({}),
  })
  .strict()

export type CreateShipmentInput = z.input<typeof CreateShipmentSchema>
type CreateShipment = z.output<typeof CreateShipmentSchema>

/** What `createShipment` answers: the tracked shipment, the label and the rate paid. */
export interface CreatedShipment {
  shipment: Shipment
  label: PurchasedLabel['label']
  rate: LabelRate
  /** `false` when an earlier call bought this label (an idempotent repeat). */
  created: boolean
}

/** How long one call holds the request before another process may take it over. */
export const LABEL_LEASE_MS = 120_000
/** The shipment metadata key holding the label request's key. */
export const LABEL_KEY = 'wismo.label_request'

interface Steps {
  quote?: LabelQuote
  rate?: LabelRate
  label?: PurchasedLabel
}

export interface CreateShipmentDeps {
  store: WismoStore
  carriers: ReadonlyMap<string, Carrier>
  now: () => Date
  registerShipment(request: RegisterShipmentInput): Promise<Shipment>
  /** Apply the estimates the carrier gave at purchase. */
  ingestEstimates(shipment: Shipment, label: PurchasedLabel): Promise<Shipment>
}

/**
 * The request key: one order, carrier, reference and set of parcels → one label, whatever the
 * retries. The addresses and service are not part of it: a retry with a corrected address
 * reuses what was already bought.
 */
export async function labelRequestKey(input: CreateShipment): Promise<string> {
  const parcels = input.parcels.map((p) => [
    p.weightKg,
    p.lengthCm ?? null,
    p.widthCm ?? null,
    p.heightCm ?? null,
  ])
  const body = JSON.stringify([input.orderId, input.carrier, input.reference ?? null, parcels])
  // Web Crypto, not node:crypto: core runs on edge runtimes too.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)))
  return `lbl:${toHex(digest).slice(0, 40)}`
}

/** Buy a label and track what it ships, once per request key (see docs/labels.md). */
export async function createShipment(deps: CreateShipmentDeps, raw: unknown): Promise<CreatedShipment> {
  const input = parseInput(CreateShipmentSchema, raw, 'createShipment')
  const labels = labelsOf(deps.carriers, input.carrier)
  // The order must exist before any money is spent.
  if (!(await deps.store.getOrder(input.orderId)))
    throw new WismoError('ORDER_NOT_FOUND', `No order ${input.orderId}`, {
      details: { orderId: input.orderId },
    })
  const key = await labelRequestKey(input)
  const owner = newId('lbl')
  const claim = await deps.store.claimLabelRequest({
    key,
    orderId: input.orderId,
    carrier: input.carrier,
    owner,
    leaseMs: LABEL_LEASE_MS,
    now: deps.now().toISOString(),
  })
  if (!claim.held) return finished(deps, claim.request)
  let request = claim.request
  const save = async (
    state: LabelRequestState,
    data: Steps,
    extra: { shipmentId?: string; release?: boolean } = {},
  ) => {
    request = await deps.store.saveLabelRequest({
      key,
      owner,
      state,
      data: { ...data },
      now: deps.now().toISOString(),
      ...extra,
    })
    return request
  }
  try {
    return await run(deps, input, labels, key, request, save)
  } catch (error) {
    // Give the request back so a retry need not wait for the lease; what was saved stays.
    await save(request.state, request.data as Steps, { release: true }).catch(() => undefined)
    throw error
  }
}

type Save = (state: LabelRequestState, data: Steps, extra?: { shipmentId?: string }) => Promise<LabelRequest>

async function run(
  deps: CreateShipmentDeps,
  input: CreateShipment,
  labels: LabelPurchasing,
  key: string,
  stored: LabelRequest,
  save: Save,
): Promise<CreatedShipment> {
  const context = { requestKey: key, labelFormat: input.labelFormat }
  let steps = stored.data as Steps
  if (stored.state === 'new') {
    const quote = await labels.quote(
      {
        from: input.from,
        to: input.to,
        parcels: input.parcels,
        labelFormat: input.labelFormat,
        ...(input.reference ? { reference: input.reference } : {}),
      },
      context,
    )
    steps = { quote, rate: chooseRate(quote.rates, input.service, deps.now()) }
    await save('quoted', steps)
  }
  if (stored.state === 'new' || stored.state === 'quoted') {
    const { quote, rate } = required(steps, stored)
    // A quoted request found again was bought, or not, by a call that crashed: ask before buying.
    const label =
      (stored.state === 'quoted' ? await labels.recover(quote.ref, context) : null) ??
      (await labels.buy(quote, rate, context))
    steps = { ...steps, label }
    await save('bought', steps)
  }
  const { rate, label } = required(steps, stored)
  const shipment = await track(deps, input, key, label)
  await save('done', steps, { shipmentId: shipment.id })
  return { shipment, label: label.label, rate, created: true }
}

/** Register what was bought (idempotent: registration finds the parcel if it exists). */
async function track(deps: CreateShipmentDeps, input: CreateShipment, key: string, label: PurchasedLabel) {
  const registered = await deps.registerShipment({
    orderId: input.orderId,
    trackingNumber: label.trackingNumber,
    carrier: input.carrier,
    ...(label.pieces && label.pieces.length > 1 ? { pieces: label.pieces } : {}),
    ...(label.carrierShipmentId ? { carrierShipmentId: label.carrierShipmentId } : {}),
    service: label.service,
    origin: placeOf(input.from),
    destination: placeOf(input.to),
    features: featuresOf(input),
    metadata: { ...input.metadata, [LABEL_KEY]: key },
  })
  return label.estimates?.length ? deps.ingestEstimates(registered, label) : registered
}

async function finished(deps: CreateShipmentDeps, request: LabelRequest): Promise<CreatedShipment> {
  const steps = request.data as Steps
  if (request.state !== 'done') {
    const waitMs = Math.max(1, Date.parse(request.leaseUntil ?? '') - deps.now().getTime() || 1)
    throw new WismoError(
      'SHIPMENT_CREATE_IN_PROGRESS',
      `Another call is buying the label of order ${request.orderId}; retry in ${Math.ceil(waitMs / 1000)} s`,
      { retryAfterMs: waitMs, details: { orderId: request.orderId, state: request.state } },
    )
  }
  const { rate, label } = required(steps, request)
  const shipment = request.shipmentId ? await deps.store.getShipment(request.shipmentId) : null
  if (!shipment)
    throw new WismoError('STORE_CORRUPT', `Label request ${request.key} names a shipment that is gone`, {
      details: { key: request.key, shipmentId: request.shipmentId },
    })
  return { shipment, label: label.label, rate, created: false }
}

function required(steps: Steps, request: LabelRequest) {
  const { quote, rate, label } = steps
  if (!quote || !rate || (request.state !== 'new' && request.state !== 'quoted' && !label))
    throw new WismoError(
      'STORE_ROW_INVALID',
      `Label request ${request.key} misses its ${request.state} data`,
      {
        details: { key: request.key, state: request.state },
      },
    )
  return { quote, rate, label: label as PurchasedLabel }
}

function labelsOf(carriers: ReadonlyMap<string, Carrier>, id: string): LabelPurchasing {
  const carrier = carriers.get(id)
  if (!carrier)
    throw new WismoError('CARRIER_UNKNOWN', `No carrier registered with id "${id}"`, {
      details: { carrier: id },
    })
  if (!carrier.labels)
    throw new WismoError('CARRIER_UNSUPPORTED', `Carrier "${id}" does not buy labels`, {
      details: { carrier: id },
    })
  return carrier.labels
}

function placeOf(address: PostalAddress): Location {
  return {
    city: address.city,
    ...(address.region ? { region: address.region } : {}),
    ...(address.postalCode ? { postalCode: address.postalCode } : {}),
    country: address.country,
  }
}

function featuresOf(input: CreateShipment) {
  const weightKg = input.parcels.reduce((sum, p) => sum + p.weightKg, 0)
  const volumes = input.parcels.map((p) => (p.lengthCm ?? 0) * (p.widthCm ?? 0) * (p.heightCm ?? 0))
  const volumeCm3 = volumes.every((v) => v > 0) ? volumes.reduce((a, b) => a + b, 0) : 0
  return { weightKg, ...(volumeCm3 > 0 ? { volumeCm3 } : {}) }
}
