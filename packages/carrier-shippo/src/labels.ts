import {
  type HttpClient,
  isWismoError,
  type LabelCallContext,
  type LabelFormat,
  type LabelPurchasing,
  type LabelQuote,
  type LabelQuoteInput,
  type LabelRate,
  type Logger,
  type PurchasedLabel,
  WismoError,
} from '@wismo/core'
import { refusalError } from './label-errors.ts'
import { LABEL_FILE_TYPES, labelRate, METADATA_MAX, shipmentBody, shippoRateOf } from './label-request.ts'
import { invalid } from './parse.ts'
import { byCreated, formatOfUrl, providerToken, statusOf, toPurchased } from './purchase.ts'
import {
  type ShippoRate,
  type ShippoShipment,
  ShippoShipmentSchema,
  type ShippoTransaction,
  ShippoTransactionListSchema,
  ShippoTransactionSchema,
} from './schema.ts'

export const SHIPMENTS_PATH = '/shipments/'
export const TRANSACTIONS_PATH = '/transactions/'

export interface LabelContext {
  http: HttpClient
  log: Logger
  /** Format used when the quote was made elsewhere (another process, before a restart). */
  defaultFormat: LabelFormat
  /** Remember the carrier token of a bought number, so tracking it needs no detection. */
  learn: (trackingNumber: string, token: string) => void
}

/**
 * The label purchasing of one Shippo carrier: `quote` = a shipment with its rates, `buy` = a
 * transaction for one rate, `recover` = the successful transactions of a shipment's rates.
 * @example const label = await shippoLabels(ctx).buy(quote, quote.rates[0], { requestKey })
 */
export function shippoLabels(ctx: LabelContext): LabelPurchasing {
  // Format asked at quote time: core passes it to `buy` and `recover` in the call context; this
  // map serves callers that do not (direct use of the adapter).
  const formats = new Map<string, LabelFormat>()
  const remember = (label: PurchasedLabel) => {
    const token = providerToken(label.trackingCarrier)
    if (token) for (const n of [label.trackingNumber, ...(label.pieces ?? [])]) ctx.learn(n, token)
    return label
  }
  return {
    quote: async (input: LabelQuoteInput, { requestKey }: LabelCallContext): Promise<LabelQuote> => {
      const quote = await quoteShipment(ctx.http, input, requestKey)
      formats.set(quote.ref, input.labelFormat)
      return quote
    },
    buy: async (quote: LabelQuote, rate: LabelRate, { requestKey, labelFormat }: LabelCallContext) => {
      const format = labelFormat ?? formats.get(quote.ref) ?? ctx.defaultFormat
      return remember(await buyRate(ctx.http, shippoRateOf(rate), format, requestKey))
    },
    recover: async (ref: string, { labelFormat }: LabelCallContext) => {
      const label = await recoverShipment(
        ctx.http,
        ref,
        (url) => labelFormat ?? formats.get(ref) ?? formatOfUrl(url, ctx.defaultFormat),
      )
      return label ? remember(label) : null
    },
  }
}

async function quoteShipment(
  http: HttpClient,
  input: LabelQuoteInput,
  requestKey: string,
): Promise<LabelQuote> {
  const { data } = await http.request(SHIPMENTS_PATH, {
    method: 'POST',
    json: shipmentBody(input, requestKey),
  })
  const { object_id, rates, messages, status } = readShipment(data)
  if ((rates?.length ?? 0) === 0 && (messages?.length || status?.toUpperCase() === 'ERROR'))
    throw refusalError('shipment', messages ?? [])
  return { ref: object_id, rates: (rates ?? []).map(labelRate) }
}

/**
 * Buy one rate. Shippo takes no idempotency key, so a label already bought for this rate is
 * answered as is; otherwise a transaction is made and every parcel's number gathered.
 */
async function buyRate(http: HttpClient, rate: ShippoRate, format: LabelFormat, requestKey: string) {
  const [bought, ...more] = await successfulTransactions(http, rate.object_id)
  if (bought) return toPurchased(rate, bought, more, format)
  const { data } = await http.request(TRANSACTIONS_PATH, {
    method: 'POST',
    json: {
      rate: rate.object_id,
      label_file_type: LABEL_FILE_TYPES[format],
      async: false,
      metadata: requestKey.slice(0, METADATA_MAX),
    },
  })
  const parsed = ShippoTransactionSchema.safeParse(data)
  if (!parsed.success)
    throw invalid('Shippo answered a transaction in an unexpected shape', data, parsed.error)
  const lead = parsed.data
  const status = statusOf(lead)
  if (status === 'QUEUED' || status === 'WAITING')
    throw new WismoError('SHIPMENT_CREATE_IN_PROGRESS', 'Shippo is still buying this label', {
      details: { transaction: lead.object_id },
    })
  if (status !== 'SUCCESS' || !lead.tracking_number) throw refusalError('label', lead.messages ?? [])
  const others = (await successfulTransactions(http, rate.object_id)).filter(
    (t) => t.object_id !== lead.object_id,
  )
  return toPurchased(rate, lead, others, format)
}

/** The label bought for a shipment: the first of its rates with a successful transaction. */
async function recoverShipment(
  http: HttpClient,
  ref: string,
  formatOf: (labelUrl: string | null | undefined) => LabelFormat,
): Promise<PurchasedLabel | null> {
  let body: unknown
  try {
    ;({ data: body } = await http.request(`${SHIPMENTS_PATH}${encodeURIComponent(ref)}`))
  } catch (e) {
    if (isWismoError(e, 'CARRIER_NOT_FOUND')) return null
    throw e
  }
  for (const rate of readShipment(body).rates ?? []) {
    const [lead, ...others] = await successfulTransactions(http, rate.object_id)
    if (lead) return toPurchased(rate, lead, others, formatOf(lead.label_url))
  }
  return null
}

/** `GET /transactions/?rate=…`: the rate's successful transactions, oldest first. */
async function successfulTransactions(http: HttpClient, rateId: string): Promise<ShippoTransaction[]> {
  const { data } = await http.request(TRANSACTIONS_PATH, { searchParams: { rate: rateId, results: 100 } })
  const list = ShippoTransactionListSchema.safeParse(data)
  if (!list.success) throw invalid('Shippo listed transactions in an unexpected shape', data, list.error)
  return list.data.results.filter((t) => statusOf(t) === 'SUCCESS' && t.tracking_number).sort(byCreated)
}

function readShipment(body: unknown): ShippoShipment {
  const shipment = ShippoShipmentSchema.safeParse(body)
  if (!shipment.success)
    throw invalid('Shippo answered a shipment in an unexpected shape', body, shipment.error)
  return shipment.data
}
