/**
 * Real UPS Track API bodies (karrio's test fixtures, LGPL-3.0, read from ../shared/data, never copied)
 * through the whole adapter: served by msw with the HTTP status UPS answers them with, and read
 * by `track` into a milestone and an event count, or the coded error.
 */
import { deriveState, isWismoError, type TrackingUpdate } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { karrio, karrioAvailable } from './karrio-data.ts'
import { BASE, testUps, upsHandlers } from './ups-api.ts'

/** Where a file named in the table lives under karrio/ (the schema sample keeps karrio's own name there). */
const karrioPath = (file: string) =>
  file === 'ups__schema_sample__tracking_response.json'
    ? 'schema_samples/ups__tracking_response.json'
    : `responses/${file}`

const server = setupServer(...upsHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

interface Row {
  file: string
  number: string
  status: number
  expect:
    | { milestone: string; subStatus: string | null; events: number; estimates: number }
    | { omitted: true }
    | { error: string }
}

// Placeholders: UPS's documentation sample (TrackingResponseJSON) says "string" for the package's
// trackingNumber, deliveryDate, deliveryTime and milestones. The update takes its number from the
// inquiry, unreadable dates are skipped (no estimate), and the activity itself is real data, so the
// file is read, not refused. Its "simplifiedTextDescription": "Delivered" next to a customs release
// (X/SR) is the sample's own inconsistency; the milestone follows type + code.
const TABLE: Row[] = [
  {
    file: 'ups__TrackingResponseJSON.json',
    number: '1Z023E2X0214323462',
    status: 200,
    expect: { milestone: 'in_transit', subStatus: 'customs_cleared', events: 1, estimates: 0 },
  },
  {
    // A delivered package; its warning 250003 sits next to full package data and is ignored.
    file: 'ups__schema_sample__tracking_response.json',
    number: '1Z1442YY7229014688',
    status: 200,
    expect: { milestone: 'delivered', subStatus: null, events: 2, estimates: 0 },
  },
  {
    file: 'ups__TrackingNumberNotFoundResponseJSON.json',
    number: '1Z0000000000000001',
    status: 200,
    expect: { omitted: true },
  },
  {
    file: 'ups__TrackingNumberNotFoundResponseJSON.json',
    number: '1Z0000000000000001',
    status: 404,
    expect: { omitted: true },
  },
  {
    file: 'ups__InvalidTrackingNumberResponseJSON.json',
    number: '1Z0000000000000001',
    status: 400,
    expect: { error: 'CARRIER_REQUEST_REJECTED' },
  },
  {
    file: 'ups__InvalidTrackingNumberResponseJSON.json',
    number: '1Z0000000000000001',
    status: 200,
    expect: { error: 'CARRIER_REQUEST_REJECTED' },
  },
  {
    file: 'ups__AuthError.json',
    number: '1Z0000000000000001',
    status: 401,
    expect: { error: 'CARRIER_AUTH_FAILED' },
  },
  {
    file: 'ups__AuthError.json',
    number: '1Z0000000000000001',
    status: 200,
    expect: { error: 'CARRIER_AUTH_FAILED' },
  },
]

/** The milestone the core derives from an update's events alone. */
function milestone(update: TrackingUpdate) {
  const history = update.events.map((e, i) => ({ ...e, subStatus: e.subStatus ?? null, dedupKey: String(i) }))
  return deriveState(history)
}

describe.skipIf(!karrioAvailable)('karrio UPS bodies', () => {
  it.each(TABLE)('$file (HTTP $status)', async (row) => {
    server.use(
      http.get(`${BASE}/api/track/v1/details/${row.number}`, () =>
        HttpResponse.json(karrio(karrioPath(row.file)), { status: row.status }),
      ),
    )
    const ups = testUps()
    if ('error' in row.expect) {
      const error = await ups.track([row.number]).catch((e: unknown) => e)
      expect(isWismoError(error) ? error.code : error).toBe(row.expect.error)
      return
    }
    const updates = await ups.track([row.number])
    if ('omitted' in row.expect) return expect(updates).toEqual([])
    expect(updates).toHaveLength(1)
    const [update] = updates as [TrackingUpdate]
    expect(update.trackingNumber).toBe(row.number)
    expect(update.events).toHaveLength(row.expect.events)
    expect(update.estimates ?? []).toHaveLength(row.expect.estimates)
    const state = milestone(update)
    expect({ status: state.status, subStatus: state.subStatus }).toEqual({
      status: row.expect.milestone,
      subStatus: row.expect.subStatus,
    })
  })

  it('keeps local times without offset when UPS gives none, and no pieces for one package', async () => {
    server.use(
      http.get(`${BASE}/api/track/v1/details/1Z1442YY7229014688`, () =>
        HttpResponse.json(karrio(karrioPath('ups__schema_sample__tracking_response.json'))),
      ),
    )
    const [update] = await testUps().track(['1Z1442YY7229014688'])
    expect(update?.events.map((e) => [e.occurredAt, e.rawCode, e.status])).toEqual([
      ['2022-01-26T16:30:00', 'D:F4', 'delivered'],
      ['2022-01-26T15:16:41', 'M:MP', 'info_received'],
    ])
    expect(update?.events[0]?.location).toEqual({ city: 'PARAMUS', region: 'NJ', country: 'US' })
    expect(update && 'pieces' in update).toBe(false)
  })
})
