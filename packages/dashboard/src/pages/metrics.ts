/** `GET {base}/metrics?from=&to=&carrier=`: delivery metrics by carrier and lane over a period. */
import type { DeliveredRecord, Shipment } from '@wismo/core'
import { html, type Markup } from '@wismo/core/html'
import {
  type DeliveryFigures,
  deliveriesPerDay,
  deliveryFigures,
  groupBy,
  laneOfRecord,
  laneOfShipment,
  notificationFigures,
  type ShipmentFigures,
  shipmentFigures,
} from '../metrics/aggregate.ts'
import type { MetricsData } from '../metrics/load.ts'
import type { Period } from '../metrics/period.ts'
import { barChart, seriesChart } from '../render/charts.ts'
import type { Formats } from '../render/format.ts'

export interface MetricsView {
  action: string
  period: Period
  carrier: string | null
  carriers: readonly string[]
  data: MetricsData
  cap: number
  fmt: Formats
}

/** One table row: a carrier, a lane or the whole period. */
export interface MetricsRow extends DeliveryFigures, ShipmentFigures {
  key: string
}

/** The figures per carrier or lane (every key seen among deliveries or shipments). */
export function metricsRows(
  data: Pick<MetricsData, 'deliveries' | 'shipments' | 'excepted'>,
  keys: { record: (r: DeliveredRecord) => string; shipment: (s: Shipment) => string },
  dateOf: (ms: number) => string,
): MetricsRow[] {
  const delivered = groupBy(data.deliveries, keys.record)
  const shipped = groupBy(data.shipments, keys.shipment)
  const all = [...new Set([...delivered.keys(), ...shipped.keys()])].sort((a, b) => a.localeCompare(b))
  return all.map((key) => ({
    key,
    ...deliveryFigures(delivered.get(key) ?? [], dateOf),
    ...shipmentFigures(shipped.get(key) ?? [], data.excepted),
  }))
}

export function metricsPage(view: MetricsView): Markup {
  const { data, fmt } = view
  const dateOf = fmt.dateOf
  const total = metricsRows(data, { record: () => 'All', shipment: () => 'All' }, dateOf)
  const byCarrier = metricsRows(data, { record: (r) => r.carrier, shipment: (s) => s.carrier }, dateOf)
  const byLane = metricsRows(data, { record: laneOfRecord, shipment: laneOfShipment }, dateOf)
  const days = deliveriesPerDay(data.deliveries, view.period.days, dateOf)
  const days1 = (v: number) => `${fmt.number(v)} d`
  return html`${filters(view)}${capNotice(view)}
<section class="card" aria-labelledby="m-all"><h2 id="m-all">The period</h2>${figureTable('all', 'All shipments in the period', total, fmt)}</section>
<section class="card" aria-labelledby="m-carrier"><h2 id="m-carrier">By carrier</h2>
<div class="charts"><figure><figcaption id="c-transit-cap">Transit time per carrier (median; the tick is the p90)</figcaption>${barChart(
    {
      id: 'chart-transit',
      title: 'Transit time per carrier in days: median bars, p90 ticks',
      bars: byCarrier.map((r) => ({ label: r.key, value: r.transitMedianDays ?? 0, mark: r.transitP90Days })),
      format: days1,
      markLabel: 'Ticks mark the 90th percentile.',
    },
  )}</figure></div>
${figureTable('carrier', 'Figures per carrier', byCarrier, fmt)}</section>
<section class="card" aria-labelledby="m-lane"><h2 id="m-lane">By lane (origin region → destination region)</h2>
<div class="charts"><figure><figcaption>On-time rate per lane</figcaption>${barChart({
    id: 'chart-ontime',
    title: 'On-time rate per lane',
    bars: byLane
      .filter((r) => r.onTimeRate !== null)
      .map((r) => ({ label: r.key, value: r.onTimeRate ?? 0 })),
    format: (v) => fmt.percent(v),
    max: 1,
  })}</figure></div>
${figureTable('lane', 'Figures per lane', byLane, fmt)}</section>
<section class="card" aria-labelledby="m-days"><h2 id="m-days">Deliveries per day</h2>
<figure>${seriesChart({ id: 'chart-days', title: 'Deliveries per day', points: days.map((d) => ({ label: d.day, value: d.count })) })}</figure>
<details><summary>Deliveries per day as a table</summary><table data-table="days"><caption>Deliveries per day</caption><thead><tr><th scope="col">Day</th><th scope="col" class="num">Delivered</th></tr></thead><tbody>${days.map((d) => html`<tr data-key="${d.day}"><th scope="row">${d.day}</th><td class="num" data-value="${d.count}">${d.count}</td></tr>`)}</tbody></table></details></section>
${notifications(view)}`
}

function filters(view: MetricsView): Markup {
  const options = view.carriers.map(
    (c) => html`<option value="${c}"${c === view.carrier ? html` selected` : ''}>${c}</option>`,
  )
  return html`<form class="filters card" method="get" action="${view.action}" aria-label="Period and carrier">
<div><label for="from">From</label><input id="from" name="from" type="date" value="${view.period.from}" required></div>
<div><label for="to">To (included)</label><input id="to" name="to" type="date" value="${view.period.to}" required></div>
<div><label for="carrier">Carrier</label><select id="carrier" name="carrier"><option value="">All carriers</option>${options}</select></div>
<button type="submit">Show</button>
<p class="muted">Days in ${view.fmt.timeZone}. Deliveries count by their day. Shipments are those delivered in the period and those registered in it that are not delivered (on their way, returned, cancelled).</p>
</form>`
}

function capNotice(view: MetricsView): Markup {
  if (view.data.capped.length === 0) return html``
  return html`<p class="notice error" role="status" data-testid="capped">Only the first ${view.fmt.number(view.cap, 0)} rows of ${view.data.capped.join(', ')} were read: figures cover part of the period. Choose a shorter period or raise <code>scanLimit</code>.</p>`
}

const COLUMNS = [
  ['delivered', 'Delivered'],
  ['onTimeRate', 'On time'],
  ['transitMedianDays', 'Transit median (days)'],
  ['transitP90Days', 'Transit p90 (days)'],
  ['shipments', 'Shipments'],
  ['exceptions', 'With an exception'],
  ['stalled', 'Stalled now'],
] as const

function figureTable(name: string, caption: string, rows: readonly MetricsRow[], fmt: Formats): Markup {
  if (rows.length === 0) return html`<p class="muted">Nothing in this period.</p>`
  const cell = (row: MetricsRow, column: (typeof COLUMNS)[number][0]): Markup => {
    const value = row[column]
    if (column === 'onTimeRate')
      return html`<td class="num" data-metric="${column}" data-value="${value ?? ''}">${fmt.percent(row.onTimeRate)} <span class="muted">(${row.onTime}/${row.promised})</span></td>`
    const text = value === null ? '—' : fmt.number(value)
    return html`<td class="num" data-metric="${column}" data-value="${value ?? ''}">${text}</td>`
  }
  return html`<table data-table="${name}"><caption>${caption}</caption><thead><tr><th scope="col">${name === 'lane' ? 'Lane' : name === 'carrier' ? 'Carrier' : 'Period'}</th>${COLUMNS.map(([, label]) => html`<th scope="col" class="num">${label}</th>`)}</tr></thead><tbody>${rows.map((row) => html`<tr data-key="${row.key}"><th scope="row">${row.key}</th>${COLUMNS.map(([column]) => cell(row, column))}</tr>`)}</tbody></table>`
}

function notifications(view: MetricsView): Markup {
  const rows = notificationFigures(view.data.notifications)
  const { fmt } = view
  const table =
    rows.length === 0
      ? html`<p class="muted">No notification finished in this period.</p>`
      : html`<table data-table="notifications"><caption>Notifications by channel (sent or given up on)</caption><thead><tr><th scope="col">Channel</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Failed for good</th><th scope="col" class="num">Delivery rate</th><th scope="col" class="num">Failure rate</th></tr></thead><tbody>${rows.map(
          (r) =>
            html`<tr data-key="${r.channel}"><th scope="row">${r.channel}</th><td class="num" data-metric="done" data-value="${r.done}">${r.done}</td><td class="num" data-metric="dead" data-value="${r.dead}">${r.dead}</td><td class="num" data-metric="deliveryRate" data-value="${r.deliveryRate ?? ''}">${fmt.percent(r.deliveryRate)}</td><td class="num" data-metric="failureRate" data-value="${r.failureRate ?? ''}">${fmt.percent(r.failureRate)}</td></tr>`,
        )}</tbody></table>`
  return html`<section class="card" aria-labelledby="m-notify"><h2 id="m-notify">Notifications</h2><p class="muted">Messages created in the period that were sent or given up on; those still being tried count in neither.</p>${table}</section>`
}
