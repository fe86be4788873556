/** Small pieces several pages share. */
import type { Shipment, Status } from '@wismo/core'
import { html, type Markup } from '@wismo/core/html'

const TONE: Partial<Record<Status, string>> = {
  delivered: 'good',
  exception: 'bad',
  attempt_failed: 'warn',
  returned: 'warn',
  expired: 'bad',
  cancelled: 'warn',
}

/** A status with its sub-status, as a tag. */
export function statusTag(status: string, subStatus?: string | null): Markup {
  const tone = TONE[status as Status] ?? ''
  return html`<span class="tag ${tone}" data-status="${status}">${status}${subStatus ? ` · ${subStatus}` : ''}</span>`
}

/** `{base}/shipments/{id}`: ids go through `encodeURIComponent`, nothing else is ever in the path. */
export const shipmentHref = (basePath: string, id: string): string =>
  `${basePath}/shipments/${encodeURIComponent(id)}`

/** The shipment as staff name it: carrier and tracking number, linked to its page. */
export function shipmentLink(
  basePath: string,
  s: Pick<Shipment, 'id' | 'carrier' | 'trackingNumber'>,
): Markup {
  return html`<a href="${shipmentHref(basePath, s.id)}">${s.carrier} ${s.trackingNumber}</a>`
}

/** A definition list of label/value pairs; empty values print as a dash. */
export function facts(pairs: readonly [string, unknown][]): Markup {
  return html`<dl class="facts">${pairs.map(([k, v]) => html`<dt>${k}</dt><dd>${v === null || v === undefined || v === '' ? '—' : v}</dd>`)}</dl>`
}

/** A place as one line: city, region, postal code, country (or the carrier's own text). */
export function placeText(
  place:
    | { city?: string; region?: string; postalCode?: string; country?: string; text?: string }
    | null
    | undefined,
): string {
  if (!place) return ''
  const parts = [place.city, place.region, place.postalCode, place.country].filter(Boolean)
  return parts.length ? parts.join(', ') : (place.text ?? '')
}
