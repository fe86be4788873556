/** `GET {base}/shipments/{id}`: one shipment's whole record, for support staff. */
import type { EtaEstimate, TrackingEvent } from '@wismo/core'
import { html, type Markup } from '@wismo/core/html'
import type { Formats } from '../render/format.ts'
import { facts, placeText, statusTag } from '../render/parts.ts'
import type { NotificationView, PayloadView, ShipmentDetail } from '../source.ts'

export function shipmentPage(detail: ShipmentDetail, fmt: Formats): Markup {
  return html`${summary(detail, fmt)}${eta(detail, fmt)}${history(detail.events, fmt)}${payloads(detail.raw, fmt)}${notifications(detail.notifications, fmt)}`
}

function summary({ shipment: s, order }: ShipmentDetail, fmt: Formats): Markup {
  const c = order?.customer
  return html`<section class="card" aria-labelledby="s-summary"><h2 id="s-summary">${statusTag(s.status, s.subStatus)} ${s.carrier} ${s.trackingNumber}</h2>
${facts([
  ['Shipment id', s.id],
  ['Carrier shipment id', s.carrierShipmentId],
  ['Service', s.service],
  ['Direction', s.direction],
  ['Status since', fmt.instant(s.statusChangedAt)],
  ['Last scan', fmt.instant(s.lastEventAt)],
  ['From', placeText(s.origin)],
  ['To', placeText(s.destination)],
  ['Promised for', s.promisedDate?.slice(0, 10)],
  ['Pieces', s.pieces?.map((p) => `${p.trackingNumber} (${p.status})`).join(', ')],
  ['Order', order?.id ?? s.orderId],
  ['Customer', c ? [c.name, c.email, c.phone].filter(Boolean).join(' · ') : null],
  ['Customer locale and zone', c ? `${c.locale}, ${c.timeZone}` : null],
  ['Registered', fmt.instant(s.createdAt)],
  ['Updated', `${fmt.instant(s.updatedAt)} (version ${s.version})`],
])}</section>`
}

function estimateRow(e: EtaEstimate, fmt: Formats): Markup {
  return html`<tr><td>${e.date}</td><td>${e.earliest ?? '—'} – ${e.latest ?? '—'}</td><td>${e.source}</td><td class="num">${fmt.percent(e.confidence)}</td><td>${fmt.instant(e.madeAt)}</td></tr>`
}

const ESTIMATE_HEAD = html`<thead><tr><th scope="col">Date</th><th scope="col">Window</th><th scope="col">Source</th><th scope="col" class="num">Confidence</th><th scope="col">Made</th></tr></thead>`

function eta({ shipment: s }: ShipmentDetail, fmt: Formats): Markup {
  const e = s.eta
  const signals = e?.signals?.active ?? []
  const signalText = signals.length
    ? html`${signals.map((x) => html`<span class="tag warn" data-signal="${x}">${x}</span> `)}`
    : html`<span class="muted">none</span>`
  const table = (caption: string, list: readonly EtaEstimate[], name: string) =>
    list.length
      ? html`<table data-table="${name}"><caption>${caption}</caption>${ESTIMATE_HEAD}<tbody>${list.map((x) => estimateRow(x, fmt))}</tbody></table>`
      : html`<p class="muted">${caption}: none.</p>`
  return html`<section class="card" aria-labelledby="s-eta"><h2 id="s-eta">Estimate and signals</h2>
<p>Active signals: ${signalText}</p>
${table('Best estimate', e?.best ? [e.best] : [], 'eta-best')}
${table('Current estimates by source', e?.estimates ?? [], 'eta-estimates')}
${table('Earlier best estimates (oldest first)', e?.revisions ?? [], 'eta-revisions')}</section>`
}

function eventRow(e: TrackingEvent, fmt: Formats): Markup {
  return html`<tr data-dedup="${e.dedupKey}" data-status="${e.status}"><td><time>${e.occurredAt}</time></td><td>${statusTag(e.status, e.subStatus)}</td><td><code>${e.rawCode}</code></td><td>${e.rawText}</td><td>${placeText(e.location)}</td><td>${e.source}${e.via ? ` via ${e.via}` : ''}${e.piece ? html`<br>piece ${e.piece}` : ''}</td><td>${fmt.instant(e.receivedAt)}</td></tr>`
}

function history(events: readonly TrackingEvent[], fmt: Formats): Markup {
  const body = events.length
    ? html`<table data-table="history"><caption>Every scan, newest first (occurred as the carrier wrote it)</caption><thead><tr><th scope="col">Occurred</th><th scope="col">Status</th><th scope="col">Raw code</th><th scope="col">Raw text</th><th scope="col">Place</th><th scope="col">Source</th><th scope="col">Received</th></tr></thead><tbody>${[...events].reverse().map((e) => eventRow(e, fmt))}</tbody></table>`
    : html`<p class="muted">No scan yet.</p>`
  return html`<section class="card" aria-labelledby="s-history"><h2 id="s-history">History (${events.length})</h2>${body}</section>`
}

/** The body pretty-printed when it is JSON, else as received; escaped either way. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}

function payloads(raw: readonly PayloadView[], fmt: Formats): Markup {
  const items = raw.map(
    (p) =>
      html`<details data-payload="${p.id}"><summary>${fmt.instant(p.receivedAt)} · ${p.source} · ${p.carrier}${p.contentType ? ` · ${p.contentType}` : ''}${p.truncated ? ' · cut short' : ''}</summary><pre tabindex="0">${prettyBody(p.body)}</pre></details>`,
  )
  return html`<section class="card" aria-labelledby="s-raw"><h2 id="s-raw">Carrier payloads (${raw.length})</h2>${raw.length ? html`<p class="muted">As received, newest first; kept for the archive's retention period.</p>${items}` : html`<p class="muted">None kept for this shipment.</p>`}</section>`
}

function notificationRow(n: NotificationView, fmt: Formats): Markup {
  const trigger = typeof n.payload.trigger === 'string' ? n.payload.trigger : '—'
  const tone = n.state === 'dead' ? 'bad' : n.state === 'done' ? 'good' : 'warn'
  const log = n.log.length
    ? html`<details><summary>Attempt log (${n.log.length})</summary><table><caption>Attempt log of ${n.topic} ${trigger}</caption><thead><tr><th scope="col">At</th><th scope="col">Worker</th><th scope="col">Step</th><th scope="col">What happened</th></tr></thead><tbody>${n.log.map((l) => html`<tr data-kind="${l.kind}"><td>${fmt.instant(l.at)}</td><td>${l.workerId}</td><td>${l.kind}</td><td>${l.text}</td></tr>`)}</tbody></table></details>`
    : html`<span class="muted">no log</span>`
  return html`<tr data-outbox="${n.id}" data-state="${n.state}"><td>${n.topic}</td><td>${trigger}</td><td><span class="tag ${tone}">${n.state}</span></td><td class="num">${n.attempts}</td><td>${n.lastError ?? '—'}</td><td>${n.providerMessageId ?? '—'}</td><td>${fmt.instant(n.createdAt)}</td><td>${fmt.instant(n.completedAt)}</td></tr><tr><td colspan="8">${log}</td></tr>`
}

function notifications(list: readonly NotificationView[], fmt: Formats): Markup {
  const body = list.length
    ? html`<table data-table="notifications"><caption>Every notification of this shipment</caption><thead><tr><th scope="col">Topic</th><th scope="col">Trigger</th><th scope="col">State</th><th scope="col" class="num">Attempts</th><th scope="col">Last error or note</th><th scope="col">Provider message id</th><th scope="col">Created</th><th scope="col">Finished</th></tr></thead><tbody>${list.map((n) => notificationRow(n, fmt))}</tbody></table>`
    : html`<p class="muted">No notification for this shipment.</p>`
  return html`<section class="card" aria-labelledby="s-notify"><h2 id="s-notify">Notifications (${list.length})</h2>${body}</section>`
}
