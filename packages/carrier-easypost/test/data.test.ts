/**
 * Every EasyPost body of ../shared/data/easypost (copied into test/fixtures with SOURCE.md), read
 * the way the adapter reads it: tracker answers as polls, Event envelopes as webhooks. Each row
 * says what the body must give: per tracking code, the tracker's milestone and its scan count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { isWismoError, noopLogger, type TrackingUpdate } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import {
  type EasypostTracker,
  EasypostTrackerSchema,
  easypostStatusMapper,
  parseEvent,
  trackerUpdates,
} from '../src/index.ts'
import { fixture } from './easypost-api.ts'

type Expected = 'not tracking' | 'unprocessable' | Record<string, [milestone: string, events: number]>

const EZ1: Expected = { EZ1000000001: ['info_received', 2] }
const LISTED = (codes: string[]): Expected =>
  Object.fromEntries(codes.map((c): [string, [string, number]] => [c, ['info_received', 2]]))

const EXPECTED: Record<string, Expected> = {
  'examples/client-library-fixtures.json': 'not tracking',
  'examples/docs__responses__events__events-list.json': 'not tracking',
  // A retrieved tracker.created event carries no result: as a webhook it could not be read.
  'examples/docs__responses__events__events-retrieve.json': 'unprocessable',
  'examples/docs__responses__payloads__payloads-list.json': 'not tracking',
  'examples/docs__responses__payloads__payloads-retrieve.json': 'not tracking',
  'examples/docs__responses__trackers__trackers-create.json': EZ1,
  'examples/docs__responses__trackers__trackers-list.json': EZ1,
  'examples/docs__responses__trackers__trackers-retrieve.json': EZ1,
  'examples/event-body.json': { '1': ['in_transit', 7] },
  'examples/guides__tracking-guide__json__tracking-webhook.json': { EZ4000000004: ['delivered', 6] },
  'examples/guides__webhooks-guide__event__event_example.json': 'unprocessable',
  'examples/landing_pages__built_for_developers__create_tracker_response.json': {
    EZ1000000001: ['delivered', 3],
  },
  'examples/landing_pages__tracking_webhooks__tracking_webhook_response.json': {
    EZ4000000004: ['delivered', 6],
  },
  'examples/webhook_hmac_test_vector.json': 'not tracking',
  'node_cassettes/creates-a-tracker__0_POST_v2_trackers.json': EZ1,
  'node_cassettes/deletes-a-tracker__0_POST_v2_trackers.json': EZ1,
  'node_cassettes/deletes-a-tracker__1_DELETE_v2_trackers_trk_e2eecd8746c94c2d8e2f863c7b89f233.json':
    'not tracking',
  'node_cassettes/retrieves-a-batch-of-trackers__0_POST_v2_trackers.json': EZ1,
  'node_cassettes/retrieves-a-batch-of-trackers__1_POST_v2_trackers_batch.json': EZ1,
  'node_cassettes/retrieves-a-payload-for-an-event__2_GET_v2_events.json': 'not tracking',
  'node_cassettes/retrieves-a-payload-for-an-event__3_GET_v2_events_evt_56c6edb84e8e11efa9c0611092ebc17a_payloads_payload_11111111111111111111111111111111.json':
    'not tracking',
  'node_cassettes/retrieves-a-tracker__0_POST_v2_trackers.json': EZ1,
  'node_cassettes/retrieves-a-tracker__1_GET_v2_trackers_trk_8b5833c2c3e6428ab09a48a31c1a9071.json': EZ1,
  'node_cassettes/retrieves-all-events__0_GET_v2_events.json': 'not tracking',
  'node_cassettes/retrieves-all-payloads-for-an-event__2_GET_v2_events.json': 'not tracking',
  'node_cassettes/retrieves-all-payloads-for-an-event__3_GET_v2_events_evt_557f36184e8e11efa843319d3a91629d_payloads.json':
    'not tracking',
  'node_cassettes/retrieves-all-trackers__0_GET_v2_trackers.json': LISTED([
    '9400100110368068953525',
    '9400100110368068953495',
    '9400100110368068953440',
    '9400100110368068953365',
    '9400100110368068953341',
  ]),
  'node_cassettes/retrieves-an-event__0_GET_v2_events.json': 'not tracking',
  'node_cassettes/retrieves-an-event__1_GET_v2_events_evt_511774dc4e8e11efaa03131dad375f43.json':
    'unprocessable',
  'node_cassettes/retrieves-next-page-of-events__0_GET_v2_events.json': 'not tracking',
  'node_cassettes/retrieves-next-page-of-events__1_GET_v2_events.json': 'not tracking',
  'node_cassettes/retrieves-next-page-of-trackers__0_GET_v2_trackers.json': LISTED([
    '9400100110368068953525',
    '9400100110368068953495',
    '9400100110368068953440',
    '9400100110368068953365',
    '9400100110368068953341',
  ]),
  'node_cassettes/retrieves-next-page-of-trackers__1_GET_v2_trackers.json': LISTED([
    '9400100110368068953303',
    '9400100110368068953242',
    '9400100110368068953228',
    '9400100110368068953143',
    '9400100110368068953112',
  ]),
}

const map = easypostStatusMapper()
const FILES = ['examples', 'node_cassettes'].flatMap((dir) =>
  readdirSync(new URL(`./fixtures/${dir}`, import.meta.url)).map((f) => `${dir}/${f}`),
)

/** The trackers of a poll answer: one Tracker, or a list (`{ trackers: [...] }`). */
function trackersOf(body: unknown): EasypostTracker[] {
  const list = (body as { trackers?: unknown })?.trackers
  const candidates = Array.isArray(list) ? list : [body]
  return candidates.flatMap((c) => {
    const parsed = EasypostTrackerSchema.safeParse(c)
    return parsed.success ? [parsed.data] : []
  })
}

/** A body as the adapter reads it: an Event as a webhook, anything else as a poll answer. */
function read(body: unknown): TrackingUpdate[] | 'unprocessable' {
  if ((body as { object?: unknown })?.object === 'Event') {
    try {
      return parseEvent(body, { map, trackerIds: true, log: noopLogger })
    } catch (e) {
      if (isWismoError(e, 'WEBHOOK_UNPROCESSABLE')) return 'unprocessable'
      throw e
    }
  }
  return trackerUpdates(trackersOf(body), { map, source: 'poll', trackerIds: true })
}

describe('every EasyPost body in the shared data', () => {
  it('has an expectation for each file', () => {
    expect(FILES.sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it.each(FILES)('%s', (file) => {
    const body = fixture(file)
    const expected = EXPECTED[file]
    const got = read(body)
    if (expected === 'unprocessable' || got === 'unprocessable') return expect(got).toBe(expected)
    if (expected === 'not tracking' || expected === undefined) return expect(got).toEqual([])
    const trackers =
      (body as { object?: string }).object === 'Event'
        ? [(body as { result: unknown }).result]
        : trackersOf(body)
    const milestones = Object.fromEntries(
      trackers.map((t) => {
        const tracker = EasypostTrackerSchema.parse(t)
        return [tracker.tracking_code, map(tracker.status, tracker.status_detail).status]
      }),
    )
    const summary = Object.fromEntries(
      got.map((u) => [u.trackingNumber, [milestones[u.trackingNumber], u.events.length]]),
    )
    expect(summary).toEqual(expected)
    for (const update of got) for (const event of update.events) expect(event.subStatus).not.toBe('unmapped')
  })

  it('reads the three trackers EasyPost made for the test code EZ1000000001 over the years as one parcel', () => {
    const trackers = FILES.flatMap((f) => trackersOf(fixture(f))).filter(
      (t) => t.tracking_code === 'EZ1000000001',
    )
    expect(new Set(trackers.map((t) => t.id)).size).toBe(4) // three trk_ ids and the id-less sample
    const updates = trackerUpdates(trackers, { map, source: 'poll', trackerIds: true })
    expect(updates).toHaveLength(1)
    // The oldest tracker (created 2024-07-30) names the shipment; each distinct scan is kept once.
    expect(updates[0]?.carrierShipmentId).toBe('trk_8b5833c2c3e6428ab09a48a31c1a9071')
    expect(updates[0]?.events).toHaveLength(2 + 2 + 2 + 3)
  })
})

/** The shared data folder beside the repository (absent on a fresh clone; CI has it). */
const SHARED = new URL('../../../../shared/data/easypost/', import.meta.url)

describe.skipIf(!existsSync(SHARED))('the copies in test/fixtures', () => {
  it('are byte for byte the shared data (skipped where ../shared/data is absent)', () => {
    for (const file of FILES) {
      const original = new URL(file.replace(/^examples\//, ''), SHARED)
      expect(
        readFileSync(new URL(`./fixtures/${file}`, import.meta.url)).equals(readFileSync(original)),
        file,
      ).toBe(true)
    }
  })
})
