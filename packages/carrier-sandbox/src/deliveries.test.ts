import { describe, expect, it } from 'vitest'
import { sandboxAt } from '../test/fixtures.ts'
import { planMessages } from './deliveries.ts'
import { createRng } from './rng.ts'
import type { WebhookDelivery } from './shipment.ts'

const HOUR = 3_600_000
const scanTimes = Array.from(
  { length: 40 },
  (_, i) => Date.parse('2025-03-03T09:00:00Z') + i * 2 * HOUR + (i % 3) * 60_000,
)

// Thousands of simulated journeys: a generous timeout so a busy machine does not fail them.
describe('webhook delivery planning', { timeout: 60_000 }, () => {
  it('without duplicates or reordering: every scan once, in order, sent after it happened', () => {
    const messages = planMessages(createRng(5), scanTimes, {
      duplicateRate: 0,
      outOfOrderRate: 0,
      webhookLatencySeconds: [1, 90],
    })
    expect(messages.flatMap((m) => m.scans)).toEqual(scanTimes.map((_, i) => i))
    messages.forEach((m, i) => {
      expect(m.createdAt).toBeGreaterThanOrEqual(scanTimes[m.scans.at(-1) as number] as number)
      if (i > 0) expect(m.deliverAt).toBeGreaterThan((messages[i - 1] as { deliverAt: number }).deliverAt)
      expect(m.duplicate || m.late).toBe(false)
    })
    expect(
      messages.some((m) => m.scans.length > 1),
      'some messages carry several scans',
    ).toBe(true)
  })

  it('delivers duplicates and out-of-order messages at roughly the configured rates', () => {
    const { simulator } = sandboxAt(undefined, { duplicateRate: 0.1, outOfOrderRate: 0.2 })
    const { shipments } = simulator.simulateMany({ count: 1500 })
    let originals = 0
    let duplicates = 0
    let withSuccessor = 0
    let overtaken = 0
    for (const s of shipments) {
      const firsts = s.deliveries.filter((d) => !d.duplicate)
      originals += firsts.length
      duplicates += s.deliveries.length - firsts.length
      withSuccessor += firsts.length - 1
      overtaken += firsts.filter(
        (d, i) => i < firsts.length - 1 && d.deliverAt > (firsts[i + 1] as WebhookDelivery).deliverAt,
      ).length
      expect(firsts.filter((d) => d.late).length).toBe(
        firsts.filter((d, i) => d.deliverAt > (firsts[i + 1]?.deliverAt ?? Infinity)).length,
      )
    }
    expect(Math.abs(duplicates / originals - 0.1)).toBeLessThan(0.015)
    expect(Math.abs(overtaken / withSuccessor - 0.2)).toBeLessThan(0.015)
  })

  it('repeats a duplicate’s id and body, later than the original', () => {
    const { simulator } = sandboxAt(undefined, { duplicateRate: 0.5 })
    const deliveries = simulator.simulateMany({ count: 50 }).shipments.flatMap((s) => s.deliveries)
    const dups = deliveries.filter((d) => d.duplicate)
    expect(dups.length).toBeGreaterThan(0)
    for (const dup of dups) {
      const original = deliveries.find((d) => d.id === dup.id && !d.duplicate)
      expect(original?.body).toBe(dup.body)
      expect(dup.deliverAt).toBeGreaterThan(original?.deliverAt ?? Infinity)
    }
  })
})
