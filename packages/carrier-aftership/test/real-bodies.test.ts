/**
 * Every real AfterShip body we hold (AfterShip's Java SDK test resources and the documented
 * webhook envelope, MIT, copied into test/fixtures with SOURCE.md) parsed to updates, then
 * ingested by a Wismo instance: the milestone the shipment ends in and how many events it keeps.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createWismo, isWismoError, memoryStore, noopLogger, type TrackingUpdate } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { aftershipCarrier } from '../src/index.ts'
import { checkpointEvent, readCreated, readTrackingList, toUpdate } from '../src/parse.ts'
import { AftershipCheckpointSchema } from '../src/schema.ts'
import { aftershipStatusMapper } from '../src/status-map.ts'
import { webhookUpdate } from '../src/webhook.ts'

const map = aftershipStatusMapper({})
const SDK = 'aftership-sdk-java'
const read = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'))
const poll = (t: Parameters<typeof toUpdate>[0]) => toUpdate(t, { map, log: noopLogger, source: 'poll' })

interface Row {
  file: string
  updates: (body: unknown) => TrackingUpdate[]
  /** Per update: tracking number, milestone after ingest (null: nothing stored), events kept. */
  expected: [string, string | null, number][]
}

const single = (body: unknown) => [poll(readCreated(body))]
const list = (body: unknown) => readTrackingList(body).trackings.map(poll)

const ROWS: Row[] = [
  {
    file: `${SDK}/endpoint__tracking__GetTrackingResult.json`,
    updates: single,
    expected: [['111111111111', 'delivered', 14]],
  },
  {
    file: `${SDK}/endpoint__tracking__GetTrackingsResult.json`,
    updates: list,
    expected: [
      ['1111111111111', 'delivered', 11],
      // Expired trackings have no checkpoint: the tracking's own tag becomes the one event.
      ['2222222222222', 'expired', 1],
      ['1231231231231', 'expired', 1],
    ],
  },
  // Marked completed as lost (Exception_013) after a delivered checkpoint: that status is kept as
  // an event, and a delivered shipment does not leave `delivered` for it.
  {
    file: `${SDK}/endpoint__tracking__MarkAsCompletedResult.json`,
    updates: single,
    expected: [['111111111111', 'delivered', 15]],
  },
  {
    file: `${SDK}/endpoint__tracking__UpdateTrackingResult.json`,
    updates: single,
    expected: [['1111111111111', 'delivered', 11]],
  },
  {
    file: `${SDK}/endpoint__tracking__CreateTrackingResult.json`,
    updates: single,
    expected: [['1111111111111', null, 0]],
  },
  {
    file: `${SDK}/endpoint__tracking__DeleteTrackingResult.json`,
    updates: single,
    expected: [['772857780801111', null, 0]],
  },
  {
    file: `${SDK}/endpoint__tracking__ReTrackResult.json`,
    updates: single,
    expected: [['RA223547577RU', null, 0]],
  },
  {
    file: 'hookdeck/tracking_update.trimmed-doc-sample.json',
    updates: (body) => [webhookUpdate(body, map, noopLogger)],
    expected: [['0000000000000000', 'in_transit', 1]],
  },
]

async function ingested(update: TrackingUpdate) {
  const carrier = aftershipCarrier({ apiKey: 'test-key-not-used' })
  const wismo = createWismo({ store: memoryStore(), carriers: [carrier], unknownShipments: 'create' })
  if (update.events.length > 0) await wismo.ingest(update)
  const view = await wismo.findShipment('aftership', update.trackingNumber)
  return [update.trackingNumber, view?.shipment.status ?? null, view?.timeline.length ?? 0] as const
}

describe('real AfterShip bodies', () => {
  it.each(ROWS.map((r) => [r.file, r] as const))('%s', async (_file, row) => {
    const updates = row.updates(read(row.file))
    for (const u of updates) expect(u.carrier).toBe('aftership')
    const results = []
    for (const u of updates) results.push(await ingested(u))
    expect(results).toEqual(row.expected)
  })

  it('the last-checkpoint answer: one delivered event, its time kept with the offset', () => {
    const body = read(`${SDK}/endpoint__checkpoint__GetLastCheckpointResult.json`) as {
      data: { checkpoint: unknown }
    }
    const event = checkpointEvent(AftershipCheckpointSchema.parse(body.data.checkpoint), map)
    expect(event).toMatchObject({
      status: 'delivered',
      rawCode: 'Delivered_001',
      occurredAt: '2018-08-01T13:19:47-04:00',
      location: { city: 'Deal', region: 'NJ' },
    })
  })

  it('the error envelope is no tracking: CARRIER_RESPONSE_INVALID', () => {
    const body = read(`${SDK}/error__Error.json`)
    let error: unknown
    try {
      readCreated(body)
    } catch (e) {
      error = e
    }
    expect(isWismoError(error, 'CARRIER_RESPONSE_INVALID')).toBe(true)
  })

  it('the FedEx CN→JP history keeps each scan’s own offset and ISO3 country', () => {
    const [update] = single(read(`${SDK}/endpoint__tracking__GetTrackingResult.json`))
    expect(update?.events.slice(0, 2)).toEqual([
      {
        status: 'info_received',
        subStatus: null,
        rawCode: 'InfoReceived_001',
        rawText: 'Shipment information sent to FedEx',
        occurredAt: '2018-07-23T01:21:39-05:00',
      },
      {
        status: 'in_transit',
        subStatus: 'picked_up',
        rawCode: 'InTransit_002',
        rawText: 'Picked up',
        occurredAt: '2018-07-23T16:58:00+08:00',
        location: { country: 'CHN', text: 'DONGGUAN CN' },
      },
    ])
    expect(update).toMatchObject({
      carrierShipmentId: '5b7658cec7c33c0e007de3c5',
      service: 'fedex: FedEx International Economy',
      origin: { country: 'CHN' },
      destination: { country: 'JPN' },
    })
  })

  it('the copies are verbatim (checked where ../shared/data is present)', (ctx) => {
    const shared = new URL('../../../../shared/data/aftership/', import.meta.url)
    if (!existsSync(shared)) return ctx.skip('../shared/data is not present beside the repository')
    for (const row of ROWS) {
      const source = row.file.startsWith(SDK)
        ? new URL(`sdk_java_fixtures/${row.file.slice(SDK.length + 1)}`, shared)
        : new URL(`webhook/${row.file.slice('hookdeck/'.length)}`, shared)
      const copy = new URL(`./fixtures/${row.file}`, import.meta.url)
      expect(readFileSync(copy, 'utf8'), row.file).toBe(readFileSync(source, 'utf8'))
    }
  })
})
