import { createHash, timingSafeEqual } from 'node:crypto'
import { isWismoError, WismoError } from '@wismo/core'
import { getWismo } from '../../../lib/wismo.ts'

/** `POST /api/orders` body: the order your checkout placed and the parcel's tracking number. */
export interface OrderRequest {
  orderId: string
  email: string
  trackingNumber: string
  /** Detected from the number when left out. */
  carrier?: string
}

/**
 * Your order system tells Wismo about an order and its parcel, and gets the customer's signed
 * tracking link to put in the confirmation e-mail. It is a server-to-server call: it needs
 * `Authorization: Bearer <SHOP_API_TOKEN>`. Safe to repeat.
 * @example curl -X POST https://lumen.example/api/orders -H "authorization: Bearer $SHOP_API_TOKEN" -d '{"orderId":"A-1001","email":"ana@example.com","trackingNumber":"SBX48213079565"}'
 */
export async function POST(request: Request): Promise<Response> {
  if (!authorized(request.headers.get('authorization')))
    return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer' } })
  try {
    const order = readOrder(await request.json().catch(() => null))
    const wismo = getWismo()
    await wismo.registerOrder({ id: order.orderId, customer: { email: order.email } })
    const shipment = await wismo.registerShipment({
      orderId: order.orderId,
      trackingNumber: order.trackingNumber,
      ...(order.carrier ? { carrier: order.carrier } : {}),
    })
    const trackingUrl = await wismo.trackingLink(order.orderId)
    return Response.json({ orderId: order.orderId, shipmentId: shipment.id, trackingUrl }, { status: 201 })
  } catch (error) {
    const known = isWismoError(error)
      ? error
      : new WismoError('INTERNAL', 'the order could not be registered')
    if (known.status >= 500) console.error(error)
    return Response.json({ error: { code: known.code, message: known.message } }, { status: known.status })
  }
}

/** Compares digests, so neither the answer nor its timing tells how much of the token matched. */
function authorized(header: string | null): boolean {
  const token = process.env.SHOP_API_TOKEN
  if (!token || !header) return false
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(header), digest(`Bearer ${token}`))
}

/** Checks the shape; Wismo checks the values (`INPUT_INVALID` naming the field). */
function readOrder(body: unknown): OrderRequest {
  const b = (body ?? {}) as Partial<Record<keyof OrderRequest, unknown>>
  const missing = (['orderId', 'email', 'trackingNumber'] as const).filter((k) => typeof b[k] !== 'string')
  if (missing.length > 0)
    throw new WismoError('INPUT_INVALID', `POST /api/orders needs ${missing.join(', ')} (JSON strings)`, {
      details: { missing },
    })
  return b as OrderRequest
}
