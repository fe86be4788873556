import type { Eta, EtaEstimate, EtaSource, ParsedTrackingUpdate } from '../domain/schemas.ts'

type IncomingEstimate = NonNullable<ParsedTrackingUpdate['estimates']>[number]

/** Which source wins when several estimates are present: most specific and most recent first. */
export const SOURCE_PRIORITY: readonly EtaSource[] = [
  'carrier_window',
  'carrier_rescheduled',
  'carrier_scheduled',
  'carrier_guaranteed',
  'model',
  'host_promised',
]

/**
 * Fold the estimates a carrier sent into the shipment's ETA: a newer estimate replaces the one of
 * the same source, the best is the highest-priority source, and a change of best is recorded in
 * `revisions`. Unchanged input gives back an equal ETA, so a repeated update is a no-op.
 */
export function carrierEta(current: Eta | null, incoming: readonly IncomingEstimate[], now: string): Eta | null {
  if (incoming.length === 0) return current
  const estimates = new Map<EtaSource, EtaEstimate>((current?.estimates ?? []).map((e) => [e.source, e]))
  for (const e of incoming) {
    const prev = estimates.get(e.source)
    if (prev && sameEstimate(prev, e)) continue
    estimates.set(e.source, { ...e, earliest: e.earliest ?? null, latest: e.latest ?? null, madeAt: e.madeAt ?? now })
  }
  const list = SOURCE_PRIORITY.flatMap((s) => (estimates.has(s) ? [estimates.get(s) as EtaEstimate] : []))
  const best = list[0] ?? null
  const revisions = [...(current?.revisions ?? [])]
  if (current?.best && best && !sameEstimate(current.best, best)) revisions.push(current.best)
  return { best, estimates: list, revisions: revisions.slice(-200) }
}

function sameEstimate(a: Omit<IncomingEstimate, 'madeAt'>, b: Omit<IncomingEstimate, 'madeAt'>): boolean {
  return (
    a.source === b.source &&
    a.date === b.date &&
    (a.earliest ?? null) === (b.earliest ?? null) &&
    (a.latest ?? null) === (b.latest ?? null) &&
    a.confidence === b.confidence
  )
}
