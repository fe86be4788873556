import {
  type HttpClient,
  isWismoError,
  type LabelFormat,
  type LabelPurchasing,
  type LabelQuote,
  type LabelQuoteInput,
  type LabelRate,
  type Logger,
  normalizeTrackingNumber,
  type Parcel,
  type PostalAddress,
  type PurchasedLabel,
  WismoError,
} from '@wismo/core'
import {
  type EasypostOrder,
  EasypostOrderSchema,
  type EasypostRate,
  type EasypostShipment,
  EasypostShipmentSchema,
} from './schema.ts'
import { asDate, EASYPOST_ESTIMATE_CONFIDENCE, EASYPOST_ID, invalid, trackerEstimates } from './tracker.ts'

/** Shipments: one parcel, its rates, its purchase (`/{id}/buy`). */
export const SHIPMENTS_PATH = '/v2/shipments'
/** Orders: several parcels rated and bought together (`/{id}/buy`). */
export const ORDERS_PATH = '/v2/orders'

/** Ounces in a kilogram, centimetres in an inch: EasyPost takes parcels in oz and in. */
const OZ_PER_KG = 35.27396195
const CM_PER_INCH = 2.54

/** Up to the next tenth: a parcel is never declared lighter or smaller than it is. */
const tenthUp = (n: number) => Math.ceil(n * 10 - 1e-9) / 10

/**
 * A Wismo parcel in EasyPost's units: weight in ounces, sides in inches (tenths, rounded up).
 * @example easypostParcel({ weightKg: 1 }) // { weight: 35.3 }
 */
export function easypostParcel(p: Parcel): Record<string, number> {
  return {
    weight: tenthUp(p.weightKg * OZ_PER_KG),
    ...(p.lengthCm !== undefined ? { length: tenthUp(p.lengthCm / CM_PER_INCH) } : {}),
    ...(p.widthCm !== undefined ? { width: tenthUp(p.widthCm / CM_PER_INCH) } : {}),
    ...(p.heightCm !== undefined ? { height: tenthUp(p.heightCm / CM_PER_INCH) } : {}),
  }
}

/**
 * A Wismo address as an EasyPost `Address` (`region` → `state`, `postalCode` → `zip`).
 * @example easypostAddress(PostalAddressSchema.parse({ name: 'A', street1: '1 Main St', city: 'Austin', region: 'TX', country: 'US' })).state // 'TX'
 */
export function easypostAddress(a: PostalAddress): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    name: a.name,
    company: a.company,
    street1: a.street1,
    street2: a.street2,
    city: a.city,
    state: a.region,
    zip: a.postalCode,
    country: a.country,
    phone: a.phone,
    email: a.email,
  }
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined))
}

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

/**
 * One EasyPost rate as a Wismo rate; the amount is a decimal string at EasyPost.
 * @example labelRate({ id: 'rate_1', service: 'Priority', carrier: 'USPS', rate: '9.87', currency: 'USD' }).amount // 9.87
 */
export function labelRate(r: EasypostRate): LabelRate {
  const amount = Number(r.rate)
  if (!Number.isFinite(amount)) throw invalid('EasyPost quoted a rate that is not a number', r)
  return {
    id: r.id,
    service: r.service,
    carrier: r.carrier ?? null,
    amount,
    currency: r.currency,
    deliveryDays: r.delivery_days ?? r.est_delivery_days ?? null,
    deliveryDate: asDate(r.delivery_date),
  }
}

/**
 * A bought shipment as a purchased label, or `null` while nothing is bought.
 * @example purchased(EasypostShipmentSchema.parse(await (await fetch(url)).json()))?.trackingNumber
 */
export function purchased(s: EasypostShipment): PurchasedLabel | null {
  const code = s.tracking_code?.trim()
  const file = labelFile(s)
  if (!code || !file) return null
  const rate = s.selected_rate
  const fromTracker = s.tracker ? trackerEstimates(s.tracker) : []
  const rateDate = asDate(rate?.delivery_date)
  const estimates =
    fromTracker.length > 0 || !rateDate
      ? fromTracker
      : [
          {
            source: 'carrier_scheduled' as const,
            date: rateDate,
            confidence: EASYPOST_ESTIMATE_CONFIDENCE.carrier_scheduled,
          },
        ]
  return {
    trackingNumber: normalizeTrackingNumber(code),
    carrierShipmentId: s.tracker?.id ?? null,
    trackingCarrier: rate?.carrier ?? s.tracker?.carrier ?? null,
    service: rate?.service ?? '',
    rate: rate ? { amount: labelRate(rate).amount, currency: rate.currency } : null,
    label: file,
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}

/**
 * A bought order: the first parcel's label and number, every parcel's number as `pieces`.
 * @example purchasedOrder(order)?.pieces // ['9400…01', '9400…02']
 */
export function purchasedOrder(o: EasypostOrder): PurchasedLabel | null {
  const labels = o.shipments.map(purchased)
  const [first] = labels
  if (!first || labels.some((l) => l === null)) return null
  const pieces = labels.flatMap((l) => (l ? [l.trackingNumber] : []))
  const amount = labels.reduce((sum, l) => sum + (l?.rate?.amount ?? 0), 0)
  return {
    ...first,
    pieces,
    ...(first.rate
      ? { rate: { amount: Math.round(amount * 100) / 100, currency: first.rate.currency } }
      : {}),
  }
}

const FILE_TYPES: Readonly<Record<string, LabelFormat>> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'application/zpl': 'ZPL',
}

/** The label's URL and format: the file EasyPost made in the format asked for. */
function labelFile(s: EasypostShipment): PurchasedLabel['label'] | null {
  const l = s.postage_label
  if (!l) return null
  const byType = FILE_TYPES[l.label_file_type?.toLowerCase() ?? '']
  const url = l.label_url ?? l.label_pdf_url ?? l.label_zpl_url
  if (!url) return null
  const byExtension = /\.(pdf|png|zpl)(?:\?|$)/i.exec(url)?.[1]?.toUpperCase() as LabelFormat | undefined
  return { url, format: byType ?? byExtension ?? 'PNG' }
}
