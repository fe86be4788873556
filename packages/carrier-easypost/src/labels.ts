import {
  type HttpClient,
  isWismoError,
  type LabelPurchasing,
  type LabelQuote,
  type LabelQuoteInput,
  type LabelRate,
  type Logger,
  type PurchasedLabel,
  WismoError,
} from '@wismo/core'
import { easypostAddress, easypostParcel, labelRate, purchased, purchasedOrder } from './label-shapes.ts'
import {
  type EasypostOrder,
  EasypostOrderSchema,
  type EasypostShipment,
  EasypostShipmentSchema,
} from './schema.ts'
import { EASYPOST_ID, invalid } from './tracker.ts'

/** Shipments: one parcel, its rates, its purchase (`/{id}/buy`). */
export const SHIPMENTS_PATH = '/v2/shipments'
/** Orders: several parcels rated and bought together (`/{id}/buy`). */
export const ORDERS_PATH = '/v2/orders'

/** What label buying needs: the carrier's HTTP client and logger. */
export interface LabelsContext {
  http: HttpClient
  log: Logger
}

/**
 * Buying labels through EasyPost. One parcel: a `Shipment` (`ref` = `shp_…`), bought with the
 * chosen rate's id. Several parcels: an `Order` (`ref` = `order_…`) holding one shipment per
 * parcel, bought with the rate's carrier and service; `pieces` lists every parcel's number.
 * Buying a bought shipment is refused by EasyPost: `buy` then answers
 * `CARRIER_REQUEST_REJECTED` with `details.reason` `'already_bought'` (and the tracking number),
 * and `recover(ref)` gives that label.
 * @example
 * const labels = easypostLabels({ http, log })
 * const quote = await labels.quote(input, { requestKey: 'order-1' })
 */
export function easypostLabels(ctx: LabelsContext): LabelPurchasing {
  const recover = (ref: string) => recoverLabel(ctx, ref)
  return {
    quote: (input) => (input.parcels.length > 1 ? quoteOrder(ctx, input) : quoteShipment(ctx, input)),
    buy: async (quote, rate) => {
      try {
        return isOrder(quote.ref) ? await buyOrder(ctx, quote, rate) : await buyShipment(ctx, quote, rate)
      } catch (e) {
        if (!isWismoError(e, 'CARRIER_REQUEST_REJECTED')) throw e
        throw (await alreadyBought(quote.ref, recover, e)) ?? e
      }
    },
    recover,
  }
}

const isOrder = (ref: string) => ref.startsWith('order_')
const path = (ref: string, tail = '') =>
  `${isOrder(ref) ? ORDERS_PATH : SHIPMENTS_PATH}/${encodeURIComponent(ref)}${tail}`

function common(input: LabelQuoteInput) {
  return {
    from_address: easypostAddress(input.from),
    to_address: easypostAddress(input.to),
    ...(input.reference ? { reference: input.reference } : {}),
    options: { label_format: input.labelFormat },
  }
}

async function quoteShipment(ctx: LabelsContext, input: LabelQuoteInput): Promise<LabelQuote> {
  const parcel = input.parcels[0]
  if (!parcel) throw new WismoError('INPUT_INVALID', 'a shipment needs at least one parcel')
  const { data } = await ctx.http.request<unknown>(SHIPMENTS_PATH, {
    method: 'POST',
    json: { shipment: { ...common(input), parcel: easypostParcel(parcel) } },
  })
  const shipment = readShipment(data)
  logMessages(ctx, shipment.id, shipment.messages)
  return { ref: shipment.id, rates: (shipment.rates ?? []).map(labelRate) }
}

async function quoteOrder(ctx: LabelsContext, input: LabelQuoteInput): Promise<LabelQuote> {
  const { data } = await ctx.http.request<unknown>(ORDERS_PATH, {
    method: 'POST',
    json: {
      order: { ...common(input), shipments: input.parcels.map((p) => ({ parcel: easypostParcel(p) })) },
    },
  })
  const order = readOrder(data)
  logMessages(ctx, order.id, order.messages)
  return { ref: order.id, rates: (order.rates ?? []).map(labelRate) }
}

async function buyShipment(ctx: LabelsContext, quote: LabelQuote, rate: LabelRate): Promise<PurchasedLabel> {
  const { data } = await ctx.http.request<unknown>(path(quote.ref, '/buy'), {
    method: 'POST',
    json: { rate: { id: rate.id } },
  })
  return purchased(readShipment(data)) ?? failBought(data)
}

async function buyOrder(ctx: LabelsContext, quote: LabelQuote, rate: LabelRate): Promise<PurchasedLabel> {
  if (!rate.carrier)
    throw new WismoError('INPUT_INVALID', 'buying an EasyPost order needs the rate’s carrier', {
      details: { rate: rate.id },
    })
  const { data } = await ctx.http.request<unknown>(path(quote.ref, '/buy'), {
    method: 'POST',
    json: { carrier: rate.carrier, service: rate.service },
  })
  return purchasedOrder(readOrder(data)) ?? failBought(data)
}

async function recoverLabel(ctx: LabelsContext, ref: string): Promise<PurchasedLabel | null> {
  try {
    const { data } = await ctx.http.request<unknown>(path(ref))
    return isOrder(ref) ? purchasedOrder(readOrder(data)) : purchased(readShipment(data))
  } catch (e) {
    // No such shipment in this mode: nothing was bought under this ref.
    if (isWismoError(e, 'CARRIER_NOT_FOUND')) return null
    throw e
  }
}

/** When EasyPost refused a purchase because the quote is already bought, the error that says so. */
async function alreadyBought(
  ref: string,
  recover: (ref: string) => Promise<PurchasedLabel | null>,
  refusal: WismoError,
): Promise<WismoError | null> {
  const bought = await recover(ref).catch(() => null)
  if (!bought) return null
  return new WismoError(
    'CARRIER_REQUEST_REJECTED',
    `EasyPost ${ref} is already bought (tracking number ${bought.trackingNumber}); recover(ref) returns its label`,
    {
      cause: refusal,
      details: { ...refusal.details, reason: 'already_bought', ref, trackingNumber: bought.trackingNumber },
    },
  )
}

function failBought(data: unknown): never {
  throw invalid('EasyPost answered a purchase without tracking code or label', data)
}

function readShipment(data: unknown): EasypostShipment {
  const parsed = EasypostShipmentSchema.safeParse(data)
  if (!parsed.success)
    throw invalid('EasyPost answered a shipment in an unexpected shape', data, parsed.error)
  return parsed.data
}

function readOrder(data: unknown): EasypostOrder {
  const parsed = EasypostOrderSchema.safeParse(data)
  if (!parsed.success) throw invalid('EasyPost answered an order in an unexpected shape', data, parsed.error)
  return parsed.data
}

function logMessages(ctx: LabelsContext, ref: string, messages: EasypostShipment['messages']): void {
  if (messages?.length)
    ctx.log.info(
      { carrier: EASYPOST_ID, ref, messages: messages.map((m) => `${m.carrier}: ${m.message}`) },
      'easypost rating messages',
    )
}
