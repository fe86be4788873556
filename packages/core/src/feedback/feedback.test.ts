import { describe, expect, it } from 'vitest'
import type { Shipment } from '../domain/schemas.ts'
import type { Status } from '../domain/status.ts'
import { isWismoError } from '../errors.ts'
import type { FeedbackGiven } from '../events.ts'
import type { Logger } from '../logger.ts'
import { memoryStore } from '../store/memory-store.ts'
import { FeedbackOptionsSchema, feedbackState, submitFeedback } from './feedback.ts'

const DAY = 86_400_000
const T0 = Date.parse('2026-03-05T18:00:00.000Z')
const settings = FeedbackOptionsSchema.parse({})

function shipmentOf(id: string, status: Status, orderId: string | null = 'A-1001'): Shipment {
  return {
    id,
    orderId,
    carrier: 'sandbox',
    trackingNumber: `SBX${id.toUpperCase()}`,
    carrierShipmentId: null,
    service: null,
    origin: null,
    destination: null,
    direction: 'outbound',
    status,
    subStatus: null,
    statusChangedAt: null,
    lastEventAt: null,
    eta: null,
    promisedDate: null,
    metadata: {},
    version: 0,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
  }
}

/** A memory store with one delivered and one in-transit shipment, a clock the test moves, and what was emitted and logged. */
async function setup() {
  const store = memoryStore()
  for (const s of [shipmentOf('shp_done', 'delivered'), shipmentOf('shp_moving', 'in_transit')])
    await store.commit({ shipment: s, expectedVersion: null, events: [], outbox: [] })
  const clock = { ms: T0 }
  const emitted: FeedbackGiven[] = []
  const logged: object[] = []
  const log: Logger = { debug() {}, info() {}, warn() {}, error: (obj) => logged.push(obj) }
  const ctx = { store, now: () => new Date(clock.ms), emit: (e: FeedbackGiven) => emitted.push(e), log }
  return { store, clock, emitted, logged, ctx }
}

async function errorOf(p: Promise<unknown>) {
  try {
    await p
    return null
  } catch (e) {
    return isWismoError(e) ? { code: e.code, reason: e.details?.reason } : { code: String(e) }
  }
}

describe('submitFeedback', () => {
  it('stores a rating of a delivered shipment, trims the comment and emits shipment.feedback', async () => {
    const { store, ctx, emitted } = await setup()
    const state = await submitFeedback(ctx, settings, {
      shipmentId: 'shp_done',
      rating: 5,
      comment: '  Fast!  ',
    })
    const feedback = {
      shipmentId: 'shp_done',
      orderId: 'A-1001',
      rating: 5,
      comment: 'Fast!',
      createdAt: '2026-03-05T18:00:00.000Z',
      updatedAt: '2026-03-05T18:00:00.000Z',
    }
    expect(state).toEqual({ feedback, editable: true, editableUntil: '2026-03-12T18:00:00.000Z' })
    expect(await store.getFeedback('shp_done')).toEqual(feedback)
    expect(emitted).toHaveLength(1)
    expect(emitted[0]).toMatchObject({ shipment: { id: 'shp_done' }, feedback, previous: null })
  })

  it('keeps the first rating time on an edit and hands the listener the previous rating', async () => {
    const { ctx, clock, emitted } = await setup()
    await submitFeedback(ctx, settings, { shipmentId: 'shp_done', rating: 2, comment: 'Late' })
    clock.ms = T0 + 3 * DAY
    const state = await submitFeedback(ctx, settings, { shipmentId: 'shp_done', rating: 4, comment: '   ' })
    expect(state.feedback).toMatchObject({
      rating: 4,
      comment: null,
      createdAt: '2026-03-05T18:00:00.000Z',
      updatedAt: '2026-03-08T18:00:00.000Z',
    })
    expect(emitted[1]?.previous).toMatchObject({ rating: 2, comment: 'Late' })
  })

  it('accepts an edit up to the end of the window and refuses it after (FEEDBACK_CLOSED)', async () => {
    const { ctx, clock, store } = await setup()
    await submitFeedback(ctx, settings, { shipmentId: 'shp_done', rating: 3 })
    clock.ms = T0 + 7 * DAY
    await submitFeedback(ctx, settings, { shipmentId: 'shp_done', rating: 4 })
    clock.ms = T0 + 7 * DAY + 1
    expect(await errorOf(submitFeedback(ctx, settings, { shipmentId: 'shp_done', rating: 1 }))).toEqual({
      code: 'FEEDBACK_CLOSED',
      reason: 'edit_window_passed',
    })
    expect((await store.getFeedback('shp_done'))?.rating).toBe(4)
  })

  it('with editableForMs 0 takes one rating and no edit', async () => {
    const { ctx, clock } = await setup()
    const once = FeedbackOptionsSchema.parse({ editableForMs: 0 })
    await submitFeedback(ctx, once, { shipmentId: 'shp_done', rating: 5 })
    clock.ms += 1
    expect((await errorOf(submitFeedback(ctx, once, { shipmentId: 'shp_done', rating: 4 })))?.reason).toBe(
      'edit_window_passed',
    )
  })

  it('refuses a shipment that is not delivered, unknown, or of another order, and stores nothing', async () => {
    const { ctx, store, emitted } = await setup()
    expect(await errorOf(submitFeedback(ctx, settings, { shipmentId: 'shp_moving', rating: 5 }))).toEqual({
      code: 'FEEDBACK_CLOSED',
      reason: 'not_delivered',
    })
    expect((await errorOf(submitFeedback(ctx, settings, { shipmentId: 'shp_nope', rating: 5 })))?.code).toBe(
      'SHIPMENT_NOT_FOUND',
    )
    const otherOrder = { shipmentId: 'shp_done', orderId: 'B-2002', rating: 5 }
    expect((await errorOf(submitFeedback(ctx, settings, otherOrder)))?.code).toBe('SHIPMENT_NOT_FOUND')
    expect(await store.getFeedback('shp_moving')).toBeNull()
    expect(await store.getFeedback('shp_done')).toBeNull()
    expect(emitted).toEqual([])
  })

  it('refuses a rating outside 1–5, a fraction or a comment over 2000 characters with INPUT_INVALID', async () => {
    const { ctx } = await setup()
    const bad = [
      { shipmentId: 'shp_done', rating: 0 },
      { shipmentId: 'shp_done', rating: 6 },
      { shipmentId: 'shp_done', rating: 4.5 },
      { shipmentId: 'shp_done', rating: 5, comment: 'x'.repeat(2001) },
      { shipmentId: '', rating: 5 },
    ]
    for (const input of bad)
      expect((await errorOf(submitFeedback(ctx, settings, input)))?.code).toBe('INPUT_INVALID')
  })

  it('logs a listener that throws and still stores the feedback', async () => {
    const { ctx, store, logged } = await setup()
    const throwing = {
      ...ctx,
      emit: () => {
        throw new Error('listener bug')
      },
    }
    const state = await submitFeedback(throwing, settings, { shipmentId: 'shp_done', rating: 5 })
    expect(state.feedback?.rating).toBe(5)
    expect((await store.getFeedback('shp_done'))?.rating).toBe(5)
    expect(logged).toEqual([expect.objectContaining({ event: 'shipment.feedback', shipmentId: 'shp_done' })])
  })
})

describe('feedbackState', () => {
  it('is open before the first rating and says until when a rating may change', () => {
    expect(feedbackState(null, settings, new Date(T0))).toEqual({
      feedback: null,
      editable: true,
      editableUntil: null,
    })
    const feedback = {
      shipmentId: 'shp_done',
      orderId: null,
      rating: 4,
      comment: null,
      createdAt: '2026-03-05T20:00:00.000+02:00',
      updatedAt: '2026-03-06T10:00:00.000Z',
    }
    const day = FeedbackOptionsSchema.parse({ editableForMs: DAY })
    expect(feedbackState(feedback, day, new Date(T0 + DAY))).toMatchObject({
      editable: true,
      editableUntil: '2026-03-06T18:00:00.000Z',
    })
    expect(feedbackState(feedback, day, new Date(T0 + DAY + 1)).editable).toBe(false)
  })

  it('refuses options it does not know and a negative window (zod, strict)', () => {
    expect(FeedbackOptionsSchema.safeParse({ editableForMs: -1 }).success).toBe(false)
    expect(FeedbackOptionsSchema.safeParse({ editableFor: 5 }).success).toBe(false)
    expect(FeedbackOptionsSchema.parse({}).editableForMs).toBe(7 * DAY)
  })
})
