import { z } from 'zod'
import { defineCarrier } from './carrier/define-carrier.ts'
import type { TrackingUpdate } from './domain/schemas.ts'

/** A tiny in-test carrier whose `track` answers from a map; detects `ACME` + 8 digits. */
export const acmeCarrier = defineCarrier({
  id: 'acme',
  options: z.object({ apiKey: z.string().min(8), baseUrl: z.url().default('https://acme.invalid') }).strict(),
  secrets: ['apiKey'],
  capabilities: { track: true },
  setup: () => {
    const answers = new Map<string, TrackingUpdate>()
    return {
      detect: (n: string) => (/^ACME\d{8}$/.test(n) ? 1 : 0),
      track: async (numbers: readonly string[]) =>
        numbers.flatMap((n) => (answers.has(n) ? [answers.get(n) as TrackingUpdate] : [])),
      answers,
    } as never
  },
})

/** A UPS stand-in: only the id matters for detection tests. */
export const fakeUps = defineCarrier({
  id: 'ups',
  capabilities: { track: true },
  setup: () => ({ track: async () => [] }),
})
export const fakeFedex = defineCarrier({
  id: 'fedex',
  capabilities: { track: true },
  setup: () => ({ track: async () => [] }),
})

export function scan(n: number, status: TrackingUpdate['events'][number]['status'], occurredAt: string) {
  return { status, rawCode: `C${n}`, rawText: `scan ${n}`, occurredAt, providerEventId: `e${n}` }
}

export function acmeUpdate(trackingNumber: string, events: TrackingUpdate['events']): TrackingUpdate {
  return { carrier: 'acme', trackingNumber, source: 'webhook', events }
}
