/** `GET {base}/attention`: shipments that need someone to look, each linked to its page. */

import { html, type Markup } from '@wismo/core/html'
import { type AttentionList, REASON_LABELS } from '../attention.ts'
import type { Formats } from '../render/format.ts'
import { shipmentLink, statusTag } from '../render/parts.ts'

export function attentionPage(list: AttentionList, basePath: string, cap: number, fmt: Formats): Markup {
  const capped = list.capped.length
    ? html`<p class="notice error" role="status" data-testid="capped">Only the first ${fmt.number(cap, 0)} rows of ${list.capped.join(', ')} were read; more may need attention.</p>`
    : ''
  const intro = html`<p class="muted">Open shipments with an exception, a stall or a late estimate, and any shipment with a notification given up on. ${list.items.length} found.</p>`
  if (list.items.length === 0)
    return html`${intro}${capped}<p class="notice" role="status">Nothing needs attention.</p>`
  const rows = list.items.map(({ shipment: s, reasons, failed }) => {
    const eta = s.eta?.best
    return html`<tr data-shipment="${s.id}" data-reasons="${reasons.join(' ')}">
<th scope="row">${shipmentLink(basePath, s)}</th>
<td>${reasons.map((r) => html`<span class="tag ${r === 'stalled' || r === 'delayed' ? 'warn' : 'bad'}">${REASON_LABELS[r]}</span> `)}${failed.length ? html`<br><span class="muted">${failed.length} message(s): ${failed[0]?.lastError ?? ''}</span>` : ''}</td>
<td>${statusTag(s.status, s.subStatus)}</td>
<td>${fmt.instant(s.lastEventAt)}</td>
<td>${eta ? (eta.latest ? `${eta.date.slice(0, 10)} – ${eta.latest.slice(0, 10)}` : eta.date.slice(0, 10)) : '—'}${s.promisedDate ? html`<br><span class="muted">promised ${s.promisedDate.slice(0, 10)}</span>` : ''}</td>
<td>${s.orderId ?? '—'}</td>
</tr>`
  })
  return html`${intro}${capped}<section class="card"><table data-table="attention"><caption>Shipments that need attention, most urgent first</caption><thead><tr><th scope="col">Shipment</th><th scope="col">Why</th><th scope="col">Status</th><th scope="col">Last scan</th><th scope="col">Estimate</th><th scope="col">Order</th></tr></thead><tbody>${rows}</tbody></table></section>`
}
