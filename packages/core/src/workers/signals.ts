import type { Shipment } from '../domain/schemas.ts'
import { ACTIVE_STATUSES, TERMINAL_STATUSES } from '../domain/status.ts'
import { isWismoError } from '../errors.ts'
import { SIGNAL_EVENTS, type WismoEvents } from '../events.ts'
import { type EtaContext, etaStep } from '../ingest/eta-step.ts'
import { allEvents } from '../ingest/events.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'

export interface SignalPassOptions {
  workerId: string
  /** Shipments looked at in this pass (default 500). */
  limit?: number
  /** Where to continue from (the previous report's `nextCursor`). */
  cursor?: string | null
}

export interface SignalPassReport {
  checked: number
  updated: number
  fired: number
  nextCursor: string | null
}

interface SignalPassContext {
  store: WismoStore
  eta: () => Promise<EtaContext>
  now: () => Date
  log: Logger
  emit: <K extends keyof WismoEvents>(name: K, payload: Parameters<WismoEvents[K]>[0]) => void
}

const MAX_ATTEMPTS = 5

/**
 * Re-run the ETA and the signal detector on non-terminal shipments with the current time: stalls
 * happen without scans, so no ingest would notice them. A change is committed with the usual
 * version check (re-read and retried on `STORE_CONFLICT`); fired signals go to the outbox in the
 * same commit and are emitted after it.
 * @example await detectSignalsPass(ctx, { workerId: 'signals-1', limit: 500 })
 */
export async function detectSignalsPass(
  ctx: SignalPassContext,
  options: SignalPassOptions,
): Promise<SignalPassReport> {
  const page = await ctx.store.listShipments({
    status: ACTIVE_STATUSES,
    limit: options.limit ?? 500,
    cursor: options.cursor ?? null,
  })
  const report: SignalPassReport = { checked: 0, updated: 0, fired: 0, nextCursor: page.nextCursor }
  const eta = await ctx.eta()
  for (const listed of page.items) {
    report.checked++
    let shipment: Shipment | null = listed
    for (let attempt = 1; shipment && !TERMINAL_STATUSES.includes(shipment.status); attempt++) {
      const now = ctx.now().toISOString()
      const history = await allEvents(ctx.store, shipment.id)
      const order = shipment.orderId ? await ctx.store.getOrder(shipment.orderId) : null
      const step = etaStep({
        shipment,
        history,
        carrierEstimates: [],
        purchasedAt: order?.createdAt ?? null,
        now,
        context: eta,
      })
      if (!step.changed) break
      const next: Shipment = { ...shipment, eta: step.eta, version: shipment.version + 1, updatedAt: now }
      try {
        await ctx.store.commit({
          shipment: next,
          expectedVersion: shipment.version,
          events: [],
          outbox: step.outbox,
        })
      } catch (e) {
        if (!isWismoError(e, 'STORE_CONFLICT') || attempt >= MAX_ATTEMPTS) throw e
        ctx.log.debug(
          { shipmentId: shipment.id, attempt, worker: options.workerId },
          'signal pass lost a version race; re-reading',
        )
        shipment = await ctx.store.getShipment(shipment.id)
        continue
      }
      report.updated++
      report.fired += step.fired.length
      if (JSON.stringify(shipment.eta?.best ?? null) !== JSON.stringify(next.eta?.best ?? null))
        ctx.emit('shipment.eta_changed', { shipment: next, previous: shipment, newEvents: [] })
      for (const s of step.fired)
        ctx.emit(SIGNAL_EVENTS[s.type], { shipment: next, signal: s.type, at: s.at, reason: s.reason })
      break
    }
  }
  return report
}
