import {
  type LabelPurchasing,
  type LabelQuote,
  type LabelQuoteInput,
  type LabelRate,
  type PostalAddress,
  type PurchasedLabel,
  WismoError,
} from '@wismo/core'
import { LANES, type Lane, PLACES, type PlaceId } from './places.ts'
import type { SandboxSimulator } from './simulator.ts'

/**
 * Label buying for the sandbox: quotes one rate per service of the lanes that join the two
 * addresses, buys by planning the shipment in the simulator, and remembers every quote and
 * purchase like a vendor would (so a bought quote is refused a second purchase and `recover`
 * finds it). Prices are made up but stable: a base per speed plus a rate per kilogram.
 */
export function sandboxLabels(simulator: SandboxSimulator, carrierId: string): LabelPurchasing {
  const quotes = new Map<string, { input: LabelQuoteInput; lanes: Map<string, Lane> }>()
  const bought = new Map<string, PurchasedLabel>()
  return {
    async quote(input) {
      const lanes = lanesFor(input.from, input.to)
      const ref = `sbx_quote_${(quotes.size + 1).toString(36).padStart(6, '0')}`
      const perService = new Map<string, Lane>()
      for (const lane of lanes) if (!perService.has(lane.service)) perService.set(lane.service, lane)
      quotes.set(ref, { input, lanes: new Map([...perService.values()].map((l) => [`rate_${l.id}`, l])) })
      const weightKg = input.parcels.reduce((sum, p) => sum + p.weightKg, 0)
      const rates: LabelRate[] = [...perService.values()].map((lane) => ({
        id: `rate_${lane.id}`,
        service: lane.service,
        carrier: 'Sandbox Express',
        amount: priceOf(lane, weightKg, input.parcels.length),
        currency: PLACES[lane.route[0] as PlaceId].country === 'US' ? 'USD' : 'EUR',
        deliveryDays: lane.transitDays,
      }))
      return { ref, rates } satisfies LabelQuote
    },
    async buy(quote, rate) {
      const stored = quotes.get(quote.ref)
      if (!stored) throw new WismoError('CARRIER_NOT_FOUND', `Sandbox has no quote ${quote.ref}`)
      if (bought.has(quote.ref))
        throw new WismoError('CARRIER_REQUEST_REJECTED', `Sandbox quote ${quote.ref} was already bought`, {
          details: { ref: quote.ref },
        })
      const lane = stored.lanes.get(rate.id)
      if (!lane)
        throw new WismoError(
          'SHIPMENT_SERVICE_UNKNOWN',
          `Sandbox quote ${quote.ref} has no rate ${rate.id}`,
          {
            details: { field: 'service', rate: rate.id },
          },
        )
      const label = purchase(simulator, stored.input, lane, rate, carrierId)
      bought.set(quote.ref, label)
      return label
    },
    async recover(ref) {
      if (!quotes.has(ref)) throw new WismoError('CARRIER_NOT_FOUND', `Sandbox has no quote ${ref}`)
      return bought.get(ref) ?? null
    },
  }
}

function purchase(
  simulator: SandboxSimulator,
  input: LabelQuoteInput,
  lane: Lane,
  rate: LabelRate,
  carrierId: string,
): PurchasedLabel {
  const { trackingNumber, parcels } = simulator.shipParcels(
    input.parcels.map((parcel) => ({ lane: lane.id, service: lane.service, weightKg: parcel.weightKg })),
  )
  const first = parcels[0]
  if (!first) throw new WismoError('INPUT_INVALID', 'A shipment needs at least one parcel')
  const estimates = first.deliveries.find((d) => d.update.estimates?.length)?.update.estimates
  const numbers = parcels.map((p) => p.trackingNumber)
  return {
    trackingNumber,
    ...(parcels.length > 1 ? { pieces: numbers } : {}),
    carrierShipmentId: parcels.length > 1 ? null : first.shipmentId,
    trackingCarrier: carrierId,
    service: lane.service,
    rate: { amount: rate.amount, currency: rate.currency },
    label: labelDocument(input, trackingNumber, numbers, lane.service),
    ...(estimates ? { estimates } : {}),
  }
}

/** Lanes joining the two addresses: by city where the network has it, else by country. */
function lanesFor(from: PostalAddress, to: PostalAddress): Lane[] {
  const at = (lane: Lane, end: 0 | -1) => PLACES[lane.route.at(end) as PlaceId]
  const same = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0
  const byCountry = LANES.filter((l) => at(l, 0).country === from.country && at(l, -1).country === to.country)
  if (byCountry.length === 0) {
    const served = LANES.some((l) => at(l, 0).country === from.country)
    throw new WismoError(
      'SHIPMENT_ADDRESS_INVALID',
      served
        ? `Sandbox Express does not deliver from ${from.country} to ${to.country}`
        : `Sandbox Express does not pick up in ${from.country}`,
      { details: { field: served ? 'to.country' : 'from.country' } },
    )
  }
  const byCity = byCountry.filter((l) => same(at(l, 0).city, from.city) && same(at(l, -1).city, to.city))
  return byCity.length > 0 ? byCity : byCountry
}

function priceOf(lane: Lane, weightKg: number, parcels: number): number {
  const speed = 4 + 24 / lane.transitDays
  return Math.round((speed + 1.25 * weightKg + 1.5 * (parcels - 1)) * 100) / 100
}

/** A real, printable label: ZPL text, or a one-page PDF naming the addresses and numbers. */
function labelDocument(
  input: LabelQuoteInput,
  trackingNumber: string,
  numbers: string[],
  service: string,
): PurchasedLabel['label'] {
  const lines = [
    `SANDBOX EXPRESS - ${service} - SHIPMENT ${trackingNumber}`,
    `FROM: ${oneLine(input.from)}`,
    `TO: ${oneLine(input.to)}`,
    ...numbers.map((n, i) => `PARCEL ${i + 1}/${numbers.length}: ${n}`),
    'TEST LABEL - NOT VALID FOR POSTAGE',
  ]
  if (input.labelFormat === 'ZPL') {
    const fields = lines.map((l, i) => `^FO40,${40 + i * 50}^A0N,32,32^FD${zplSafe(l)}^FS`)
    return { format: 'ZPL', data: Buffer.from(`^XA${fields.join('')}^XZ`).toString('base64') }
  }
  if (input.labelFormat === 'PNG')
    throw new WismoError('CARRIER_UNSUPPORTED', 'Sandbox Express prints PDF and ZPL labels, not PNG', {
      details: { field: 'labelFormat' },
    })
  return { format: 'PDF', data: Buffer.from(pdfOf(lines), 'latin1').toString('base64') }
}

const oneLine = (a: PostalAddress) =>
  [a.name, a.street1, a.street2, `${a.postalCode ?? ''} ${a.city}`.trim(), a.region, a.country]
    .filter(Boolean)
    .join(', ')
const zplSafe = (s: string) => s.replace(/[\^~\\]/g, ' ')
const pdfText = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[()\\]/g, (c) => `\\${c}`)

/** A minimal one-page PDF (4×6 in) with one line of Helvetica per entry, offsets computed. */
function pdfOf(lines: readonly string[]): string {
  const text = lines.map((l, i) => `BT /F1 11 Tf 18 ${400 - i * 20} Td (${pdfText(l)}) Tj ET`).join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ]
  let body = '%PDF-1.4\n'
  const offsets = objects.map((object, i) => {
    const offset = body.length
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
    return offset
  })
  const xref = body.length
  const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')
  return `${body}xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
}
