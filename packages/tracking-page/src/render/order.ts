import { html, type Markup, trusted } from '@wismo/core/html'
import type { PageCopy } from '../copy.ts'
import { MAP_ATTRIBUTION } from '../map/index.ts'
import { type ScanView, SETTLED, type ShipmentView, type StepView } from '../view.ts'

/** What the order page shows besides the shipments themselves. */
export interface OrderPageParts {
  orderId: string
  shipments: readonly ShipmentView[]
  /** Per shipment: the map section (already rendered), or absent. */
  maps: ReadonlyMap<string, { svg: string | null; unplaced: readonly string[] }>
  /** Per shipment: the feedback section, or absent when feedback is not open. */
  feedback: ReadonlyMap<string, Markup>
  preferences: Markup | null
  /** A one-line confirmation after a form post. */
  notice: string | null
}

export function orderPage(copy: PageCopy, parts: OrderPageParts): Markup {
  const n = parts.shipments.length
  return html`<h1>${copy.order(parts.orderId)}</h1>
${parts.notice ? html`<p class="notice" role="status">${parts.notice}</p>` : ''}
${n > 1 ? html`<p class="muted">${copy.parcels(n)}</p>` : ''}
${n === 0 ? html`<section class="card"><p class="status">${copy.steps.ordered}</p><p>${copy.noScans}</p></section>` : ''}
${parts.shipments.map((s, i) => shipmentCard(copy, s, i, n, parts))}
${parts.preferences ?? ''}`
}

function shipmentCard(copy: PageCopy, s: ShipmentView, i: number, n: number, parts: OrderPageParts): Markup {
  const heading = `shipment-${s.id}-title`
  const map = parts.maps.get(s.id)
  return html`<section class="card shipment" id="shipment-${s.id}" aria-labelledby="${heading}" data-shipment="${s.id}" data-status="${s.status}">
<h2 id="${heading}" class="status">${n > 1 ? html`<span class="parcel">${copy.parcel(i + 1, n)}</span>` : ''}<span data-testid="status">${s.statusText}</span></h2>
${etaBlock(copy, s)}
${stepList(copy, s.steps)}
${latestBlock(copy, s.latestScan)}
${map ? mapBlock(copy, s.id, map) : ''}
<dl class="facts">
<dt>${copy.carrier}</dt><dd>${s.carrierName}${s.service ? html` · ${s.service}` : ''}</dd>
<dt>${copy.trackingNumber}</dt><dd>${s.carrierUrl ? html`<a href="${s.carrierUrl}" rel="noreferrer noopener">${s.trackingNumber}<span class="sr"> (${copy.carrierSite(s.carrierName)})</span></a>` : s.trackingNumber}</dd>
${s.destination ? html`<dt>${copy.mapDestination}</dt><dd>${s.destination}</dd>` : ''}
</dl>
${s.pieces.length > 0 ? pieceList(copy, s) : ''}
${scanHistory(copy, s.scans)}
${parts.feedback.get(s.id) ?? ''}
</section>`
}

function etaBlock(copy: PageCopy, s: ShipmentView): Markup {
  if (s.status === 'delivered')
    return html`<p class="eta done" data-testid="delivered">${copy.deliveredOn}${s.deliveredAt ? html`: <strong>${s.deliveredAt}</strong>` : ''}</p>`
  if (!s.eta) return SETTLED.has(s.status) ? html`` : html`<p class="eta muted">${copy.noEta}</p>`
  if (s.eta.overdue) return html`<p class="eta muted" data-testid="eta">${copy.etaPassed(s.eta.window)}</p>`
  const history = s.eta.history
  return html`<div class="eta" data-testid="eta"><span>${copy.eta}</span> <strong>${s.eta.window}</strong>
<span class="muted">${copy.confidence(Math.round(s.eta.confidence * 100))}</span>
${history[0] ? html`<p class="muted">${copy.etaChanged(history[0].window)}</p>` : ''}
${
  history.length > 1
    ? html`<details><summary>${copy.etaHistory}</summary><ul>${history.map((h) => html`<li>${h.window}</li>`)}</ul></details>`
    : ''
}</div>`
}

function stepList(copy: PageCopy, steps: readonly StepView[]): Markup {
  const label = { done: copy.stepDone, current: copy.stepCurrent, upcoming: copy.stepUpcoming }
  return html`<ol class="steps" aria-label="${copy.progress}">${steps.map(
    (
      st,
    ) => html`<li class="${st.state}" data-step="${st.step}"${st.state === 'current' ? trusted(' aria-current="step"') : ''}>
<span class="step">${copy.steps[st.step]}</span><span class="sr"> (${label[st.state]})</span>
${st.localTime ? html`<span class="when">${st.localTime}</span>` : ''}
${st.notes.length > 0 ? html`<ul class="notes">${st.notes.map((note) => html`<li class="${note.status}" data-note="${note.status}"><strong>${note.statusText}</strong>: ${note.text}${note.localTime ? html` <span class="muted">(${note.localTime}${note.place ? html`, ${note.place}` : ''})</span>` : ''}</li>`)}</ul>` : ''}
</li>`,
  )}</ol>`
}

function latestBlock(copy: PageCopy, scan: ScanView | null): Markup {
  if (!scan) return html`<p class="muted">${copy.noScans}</p>`
  return html`<h3>${copy.latestScan}</h3><p data-testid="latest-scan">${scan.text}<br><span class="muted">${[scan.place, scan.localTime].filter(Boolean).join(' · ')}</span></p>`
}

function mapBlock(
  copy: PageCopy,
  id: string,
  map: { svg: string | null; unplaced: readonly string[] },
): Markup {
  if (!map.svg && map.unplaced.length === 0) return html``
  return html`<div class="map" data-testid="map" id="map-${id}">${trusted(map.svg ?? '')}
${map.svg ? html`<p class="credit">${MAP_ATTRIBUTION}</p>` : ''}
${map.unplaced.length > 0 ? html`<details><summary>${copy.mapUnplaced} (${map.unplaced.length})</summary><ul data-testid="unplaced">${map.unplaced.map((p) => html`<li>${p}</li>`)}</ul></details>` : ''}</div>`
}

function pieceList(copy: PageCopy, s: ShipmentView): Markup {
  return html`<h3>${copy.pieces}</h3><ul>${s.pieces.map((p) => html`<li>${p.trackingNumber}: ${p.statusText}</li>`)}</ul>`
}

function scanHistory(copy: PageCopy, scans: readonly ScanView[]): Markup {
  if (scans.length === 0) return html``
  return html`<details><summary>${copy.allScans(scans.length)}</summary><ol class="scans" reversed data-testid="scans">${scans.map(
    (s) =>
      html`<li data-status="${s.status}" data-at="${s.occurredAt}"><strong>${s.statusText}</strong> · ${s.text}<br><span class="when">${[s.localTime, s.place].filter(Boolean).join(' · ')}</span></li>`,
  )}</ol></details>`
}
