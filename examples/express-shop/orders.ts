// The shop's own API: an order placed in the shop is registered with Wismo and shipped.
import { isWismoError, type PostalAddressInput, type Wismo, WismoError } from '@wismo/core'
import express from 'express'

/** Where the shop ships from. */
export const WAREHOUSE: PostalAddressInput = {
  name: 'Lumen Goods',
  street1: '1 Harbor St',
  city: 'Boston',
  region: 'MA',
  postalCode: '02210',
  country: 'US',
}

/** `POST /orders` body. */
export interface OrderRequest {
  orderId: string
  email: string
  name: string
  /** Where the parcel goes; `name` defaults to the customer's. */
  address: Omit<PostalAddressInput, 'name'> & { name?: string }
  weightKg?: number
}

/**
 * `POST /orders`: register the order, buy the sandbox carrier's cheapest label, answer the
 * customer's tracking link. Safe to repeat: one order gets one label (`created: false` then).
 * @example app.use('/orders', orderRoutes(wismo))
 */
export function orderRoutes(wismo: Wismo): express.Router {
  const router = express.Router()
  router.use(express.json({ limit: '16kb' }))
  router.post('/', async (req, res) => {
    const order = readOrder(req.body)
    await wismo.registerOrder({
      id: order.orderId,
      customer: { name: order.name, email: order.email, locale: 'en-US' },
      preferences: { email: true, sms: false },
    })
    const { shipment, rate, created } = await wismo.createShipment({
      orderId: order.orderId,
      carrier: 'sandbox',
      from: WAREHOUSE,
      to: { name: order.name, ...order.address },
      parcels: [{ weightKg: order.weightKg ?? 1 }],
      service: 'cheapest',
    })
    res.status(created ? 201 : 200).json({
      orderId: order.orderId,
      trackingNumber: shipment.trackingNumber,
      service: rate.service,
      trackingUrl: await wismo.trackingLink(order.orderId),
    })
  })
  router.use(errorHandler)
  return router
}

/** Checks the shape; Wismo checks the values (`INPUT_INVALID` naming the field). */
function readOrder(body: unknown): OrderRequest {
  const b = (body ?? {}) as Partial<Record<keyof OrderRequest, unknown>>
  const missing = (['orderId', 'email', 'name'] as const).filter((k) => typeof b[k] !== 'string')
  if (typeof b.address !== 'object' || b.address === null) missing.push('address' as never)
  if (missing.length > 0)
    throw new WismoError('INPUT_INVALID', `POST /orders needs ${missing.join(', ')}`, {
      details: { missing },
    })
  return b as OrderRequest
}

/** Every error in Wismo's JSON shape: `{ error: { code, message } }` with the code's status. */
const errorHandler: express.ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const known = isWismoError(error)
    ? error
    : isParserError(error)
      ? new WismoError('INPUT_INVALID', 'the body is not JSON of at most 16 kB', { cause: error })
      : new WismoError('INTERNAL', 'the order could not be shipped', { cause: error })
  if (known.status >= 500) console.error(error)
  res.status(known.status).json({ error: { code: known.code, message: known.message } })
}

/** body-parser's errors (bad JSON, too large) carry a `type` such as `entity.parse.failed`. */
const isParserError = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  String((error as { type?: unknown }).type).startsWith('entity.')
