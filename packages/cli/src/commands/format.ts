import type { Shipment, TrackingEvent } from '@wismo/core'

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Mon 23 Nov 14:05 -05:00` in the carrier's own local time, as the scan was written. */
export function localTime(carrierTime: string): string {
  const [date = '', rest = ''] = carrierTime.split('T')
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const day = `${DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${String(d).padStart(2, ' ')} ${MONTHS[m - 1]}`
  if (!rest) return `${day}      (date only)`
  const zone = rest.match(/(Z|[+-]\d{2}:\d{2})$/)?.[0]
  return `${day} ${rest.slice(0, 5)} ${zone === 'Z' ? 'UTC' : (zone ?? '(local)')}`
}

export function place(location: TrackingEvent['location']): string {
  if (!location) return ''
  return (
    [location.city, location.region, location.country].filter(Boolean).join(', ') || (location.text ?? '')
  )
}

export function statusLabel(status: string, subStatus: string | null): string {
  return subStatus ? `${status} · ${subStatus}` : status
}

/** A readable block: header, ETA and every scan in timeline order. */
export function timelineBlock(title: string, shipment: Shipment, timeline: readonly TrackingEvent[]): string {
  const route = `${place(shipment.origin) || '?'} → ${place(shipment.destination) || '?'}`
  const eta = shipment.eta?.best ? `ETA ${shipment.eta.best.date} (${shipment.eta.best.source})` : 'no ETA'
  const lines = [
    `${title}`,
    `  ${shipment.carrier} ${shipment.trackingNumber} · ${shipment.service ?? 'standard'} · ${route}`,
    `  now: ${statusLabel(shipment.status, shipment.subStatus).toUpperCase()} · ${eta} · version ${shipment.version}`,
    ...timeline.map(
      (e) =>
        `    ${localTime(e.occurredAt).padEnd(24)} ${statusLabel(e.status, e.subStatus ?? null).padEnd(40)} ${e.rawText}${place(e.location) ? ` — ${place(e.location)}` : ''}`,
    ),
  ]
  return `${lines.join('\n')}\n`
}
