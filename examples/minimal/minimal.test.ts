import { expect, it } from 'vitest'
import { main } from './index.ts'

it('tracks a sandbox parcel from label to delivery in twenty lines', async () => {
  const lines: string[] = []
  const { shipment, timeline } = await main((l) => lines.push(l))
  expect(shipment.status).toBe('delivered')
  expect(timeline.length).toBeGreaterThan(4)
  expect(timeline.at(-1)?.status).toBe('delivered')
  expect(lines.at(-1)).toMatch(/is now delivered$/)
})
