/** `{base}` and `{base}/search`: find orders and shipments by order id, e-mail or tracking number. */
import type { Shipment } from '@wismo/core'
import { html, type Markup } from '@wismo/core/html'
import type { Formats } from '../render/format.ts'
import { shipmentLink, statusTag } from '../render/parts.ts'
import type { SearchHit } from '../source.ts'

const MATCHED: Readonly<Record<SearchHit['matchedBy'], string>> = {
  order: 'order id',
  email: 'customer e-mail',
  tracking_number: 'tracking number',
  shipment: 'shipment id',
}

/**
 * The search form. It posts, so an e-mail address searched for never lands in a URL, an access
 * log, the browser's history or a `Referer`.
 */
export function searchForm(action: string, text: string, problem: string | null): Markup {
  return html`<form class="search card" method="post" action="${action}" role="search">
<div><label for="q">Order id, customer e-mail or tracking number</label>
<input id="q" name="q" type="search" value="${text}" maxlength="320" required autocomplete="off"${problem ? html` aria-invalid="true" aria-describedby="q-problem"` : ''}></div>
<button type="submit">Search</button>
${problem ? html`<p id="q-problem" class="notice error" role="alert">${problem}</p>` : ''}
</form>`
}

export function searchResults(
  hits: readonly SearchHit[],
  basePath: string,
  limit: number,
  fmt: Formats,
): Markup {
  if (hits.length === 0)
    return html`<p class="notice" role="status" data-testid="no-results">Nothing found.</p>`
  const more = hits.length >= limit ? html` Showing the first ${limit}; be more precise to see others.` : ''
  return html`<p role="status">${hits.length} result${hits.length === 1 ? '' : 's'}.${more}</p>${hits.map((hit) => resultCard(hit, basePath, fmt))}`
}

function resultCard(hit: SearchHit, basePath: string, fmt: Formats): Markup {
  const { order } = hit
  const customer = order?.customer
  const title = order ? html`Order ${order.id}` : html`Shipment without an order`
  const who = customer
    ? html`<p>${customer.name ?? ''}${customer.name ? ' · ' : ''}${customer.email ?? 'no e-mail'} · ${customer.phone ?? 'no phone'} <span class="muted">(${customer.locale}, ${customer.timeZone})</span></p>`
    : ''
  return html`<section class="card" data-result="${order?.id ?? hit.shipments[0]?.id ?? ''}" data-matched="${hit.matchedBy}">
<h2>${title}</h2><p class="muted">Matched by ${MATCHED[hit.matchedBy]}${order ? html` · created ${fmt.instant(order.createdAt)}` : ''}</p>${who}
${shipmentsTable(hit.shipments, basePath, fmt)}</section>`
}

function shipmentsTable(shipments: readonly Shipment[], basePath: string, fmt: Formats): Markup {
  if (shipments.length === 0) return html`<p class="muted">No shipment yet.</p>`
  return html`<table><caption>Shipments</caption><thead><tr><th scope="col">Shipment</th><th scope="col">Status</th><th scope="col">Last scan</th><th scope="col">Estimate</th><th scope="col">Destination</th></tr></thead><tbody>${shipments.map(
    (s) =>
      html`<tr data-shipment="${s.id}"><th scope="row">${shipmentLink(basePath, s)}</th><td>${statusTag(s.status, s.subStatus)}</td><td>${fmt.instant(s.lastEventAt)}</td><td>${s.eta?.best?.date.slice(0, 10) ?? '—'}</td><td>${[s.destination?.city, s.destination?.region, s.destination?.country].filter(Boolean).join(', ') || '—'}</td></tr>`,
  )}</tbody></table>`
}
