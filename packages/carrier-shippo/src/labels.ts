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
  type PostalAddress,
  type PurchasedLabel,
  parseCarrierTime,
  WismoError,
} from '@wismo/core'
import { refusalError } from './label-errors.ts'
import { invalid } from './parse.ts'
import {
  type ShippoRate,
  ShippoShipmentSchema,
  type ShippoTransaction,
  ShippoTransactionListSchema,
  ShippoTransactionSchema,
} from './schema.ts'
import { trackEstimates } from './time.ts'

export const SHIPMENTS_PATH = '/shipments/'
export const TRANSACTIONS_PATH = '/transactions/'

/** Wismo label formats → Shippo `label_file_type`. */
export const LABEL_FILE_TYPES: Readonly<Record<LabelFormat, string>> = {
  PDF: 'PDF',
  PNG: 'PNG',
  ZPL: 'ZPLII',
}

/** Shippo caps `metadata` at 100 characters. */
const METADATA_MAX = 100

export interface LabelContext {
  http: HttpClient
  log: Logger
  /** Format used when the quote was made elsewhere (another process, before a restart). */
  defaultFormat: LabelFormat
  /** Remember the carrier token of a bought number, so tracking it needs no detection. */
  learn: (trackingNumber: string, token: string) => void
}

function shippoAddress(a: PostalAddress) {
  return {
    name: a.name,
    ...(a.company ? { company: a.company } : {}),
    street1: a.street1,
    ...(a.street2 ? { street2: a.street2 } : {}),
    city: a.city,
    ...(a.region ? { state: a.region } : {}),
    ...(a.postalCode ? { zip: a.postalCode } : {}),
    country: a.country,
    ...(a.phone ? { phone: a.phone } : {}),
    ...(a.email ? { email: a.email } : {}),
  }
}

/** Shippo parcels need all three sides: a parcel without its box is refused before any call. */
function shippoParcels(input: LabelQuoteInput) {
  return input.parcels.map((p, i) => {
    if (p.lengthCm === undefined || p.widthCm === undefined || p.heightCm === undefined)
      throw new WismoError('INPUT_INVALID', 'Shippo needs every parcel’s lengthCm, widthCm and heightCm', {
        details: { field: `parcels.${i}` },
      })
    return {
      length: String(p.lengthCm),
      width: String(p.widthCm),
      height: String(p.heightCm),
      distance_unit: 'cm',
      weight: String(p.weightKg),
      mass_unit: 'kg',
    }
  })
}

/** A Shippo rate as Wismo's. `arrives_by` is a delivery date only when Shippo gives a date (it is often a time of day). */
export function labelRate(r: ShippoRate): LabelRate {
  const arrives = r.arrives_by?.trim()
  return {
    id: r.object_id,
    service: r.servicelevel.token ?? r.servicelevel.name ?? r.object_id,
    carrier: r.provider ?? null,
    amount: r.amount,
    currency: r.currency,
    deliveryDays: r.estimated_days ?? null,
    deliveryDate: arrives && parseCarrierTime(arrives) ? arrives : null,
  }
}

function statusOf(t: ShippoTransaction): string {
  return (t.status ?? t.object_status ?? '').toUpperCase()
}

function formatOfUrl(url: string | null | undefined, fallback: LabelFormat): LabelFormat {
  const ext = /\.(pdf|png|zpl)(?:$|\?)/i.exec(url ?? '')?.[1]?.toUpperCase()
  return ext === 'PDF' || ext === 'PNG' || ext === 'ZPL' ? ext : fallback
}

/** The label purchasing of one Shippo carrier: quote = shipment, buy = transaction, recover = transactions of its rates. */
export function shippoLabels(ctx: LabelContext): LabelPurchasing {
  // Format asked at quote time, for `buy` in the same process (the contract does not pass it).
  const formats = new Map<string, LabelFormat>()
  const transactionsOf = async (rateId: string): Promise<ShippoTransaction[]> => {
    const { data } = await ctx.http.request(TRANSACTIONS_PATH, {
      searchParams: { rate: rateId, results: 100 },
    })
    const list = ShippoTransactionListSchema.safeParse(data)
    if (!list.success) throw invalid('Shippo listed transactions in an unexpected shape', data, list.error)
    return list.data.results.filter((t) => statusOf(t) === 'SUCCESS' && t.tracking_number)
  }
  const purchased = async (rate: ShippoRate, lead: ShippoTransaction, format: LabelFormat) => {
    const others = (await transactionsOf(rate.object_id)).filter((t) => t.object_id !== lead.object_id)
    return toPurchased(rate, lead, others, format, ctx)
  }

  return {
    quote: async (input, { requestKey }) => {
      const { data } = await ctx.http.request(SHIPMENTS_PATH, {
        method: 'POST',
        json: {
          address_from: shippoAddress(input.from),
          address_to: shippoAddress(input.to),
          parcels: shippoParcels(input),
          async: false,
          metadata: (input.reference ?? requestKey).slice(0, METADATA_MAX),
        },
      })
      const shipment = ShippoShipmentSchema.safeParse(data)
      if (!shipment.success)
        throw invalid('Shippo answered a shipment in an unexpected shape', data, shipment.error)
      const { object_id, rates, messages, status } = shipment.data
      if ((rates?.length ?? 0) === 0 && (messages?.length || status?.toUpperCase() === 'ERROR'))
        throw refusalError('shipment', messages ?? [])
      formats.set(object_id, input.labelFormat)
      return { ref: object_id, rates: (rates ?? []).map(labelRate) }
    },

    buy: async (quote: LabelQuote, rate: LabelRate, { requestKey }) => {
      const format = formats.get(quote.ref) ?? ctx.defaultFormat
      // Shippo takes no idempotency key: a label already bought for this rate is answered as is.
      const [bought, ...more] = (await transactionsOf(rate.id)).sort(byCreated)
      if (bought) return toPurchased(shippoRateOf(rate), bought, more, format, ctx)
      const { data } = await ctx.http.request(TRANSACTIONS_PATH, {
        method: 'POST',
        json: {
          rate: rate.id,
          label_file_type: LABEL_FILE_TYPES[format],
          async: false,
          metadata: requestKey.slice(0, METADATA_MAX),
        },
      })
      const t = ShippoTransactionSchema.safeParse(data)
      if (!t.success) throw invalid('Shippo answered a transaction in an unexpected shape', data, t.error)
      const status = statusOf(t.data)
      if (status === 'QUEUED' || status === 'WAITING')
        throw new WismoError('SHIPMENT_CREATE_IN_PROGRESS', 'Shippo is still buying this label', {
          details: { transaction: t.data.object_id },
        })
      if (status !== 'SUCCESS' || !t.data.tracking_number) throw refusalError('label', t.data.messages ?? [])
      return purchased(shippoRateOf(rate), t.data, format)
    },

    recover: async (ref) => {
      let body: unknown
      try {
        ;({ data: body } = await ctx.http.request(`${SHIPMENTS_PATH}${encodeURIComponent(ref)}`))
      } catch (e) {
        if (isWismoError(e, 'CARRIER_NOT_FOUND')) return null
        throw e
      }
      const shipment = ShippoShipmentSchema.safeParse(body)
      if (!shipment.success)
        throw invalid('Shippo answered a shipment in an unexpected shape', body, shipment.error)
      for (const rate of shipment.data.rates ?? []) {
        const bought = await transactionsOf(rate.object_id)
        const [lead, ...others] = bought.sort(byCreated)
        if (lead)
          return toPurchased(
            rate,
            lead,
            others,
            formats.get(ref) ?? formatOfUrl(lead.label_url, ctx.defaultFormat),
            ctx,
          )
      }
      return null
    },
  }
}

/** The Shippo rate behind a Wismo rate, for what `toPurchased` reads. */
function shippoRateOf(rate: LabelRate): ShippoRate {
  return {
    object_id: rate.id,
    amount: rate.amount,
    currency: rate.currency,
    provider: rate.carrier ?? null,
    servicelevel: { token: rate.service, name: null },
  }
}

function byCreated(a: ShippoTransaction, b: ShippoTransaction): number {
  return (a.object_created ?? '').localeCompare(b.object_created ?? '')
}

/** Providers as Shippo names them in rates → carrier tokens for tracking. */
const PROVIDER_TOKENS: Readonly<Record<string, string>> = {
  usps: 'usps',
  ups: 'ups',
  fedex: 'fedex',
  'dhl express': 'dhl_express',
  'dhl ecommerce': 'dhl_ecommerce',
  ontrac: 'ontrac',
  'canada post': 'canada_post',
}

/**
 * What was bought: the lead transaction's number first, then the other parcels' (Shippo makes
 * one transaction per parcel of a multi-piece shipment, all under the same rate).
 */
function toPurchased(
  rate: ShippoRate,
  lead: ShippoTransaction,
  others: readonly ShippoTransaction[],
  format: LabelFormat,
  ctx: LabelContext,
): PurchasedLabel {
  const trackingNumber = normalizeTrackingNumber(lead.tracking_number ?? '')
  const pieces = [
    trackingNumber,
    ...[...others].sort(byCreated).map((t) => normalizeTrackingNumber(t.tracking_number ?? '')),
  ]
  const unique = [...new Set(pieces.filter(Boolean))]
  const token = PROVIDER_TOKENS[(rate.provider ?? '').toLowerCase()]
  if (token) for (const n of unique) ctx.learn(n, token)
  const estimates = trackEstimates(lead.eta, null)
  return {
    trackingNumber,
    ...(unique.length > 1 ? { pieces: unique } : {}),
    carrierShipmentId: lead.object_id,
    trackingCarrier: rate.provider ?? null,
    service: rate.servicelevel.token ?? rate.servicelevel.name ?? rate.object_id,
    rate: { amount: rate.amount, currency: rate.currency },
    label: { url: lead.label_url ?? null, format },
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}
