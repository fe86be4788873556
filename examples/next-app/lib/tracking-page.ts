import { type TrackingPage, trackingPage } from '@wismo/tracking-page'
import { getWismo } from './wismo.ts'

const INSTANCE = Symbol.for('wismo.example-next-app.tracking-page')
const cache = globalThis as typeof globalThis & { [INSTANCE]?: TrackingPage }

/**
 * The customer tracking page, served under `/track` (the path of `PUBLIC_URL/track`).
 * @example export const GET = (request: Request) => getTrackingPage().handle(request)
 */
export function getTrackingPage(): TrackingPage {
  cache[INSTANCE] ??= trackingPage(getWismo(), {
    shop: { name: 'Lumen Goods', colour: '#0b6e4f', supportEmail: 'help@lumen.example' },
  })
  return cache[INSTANCE]
}
