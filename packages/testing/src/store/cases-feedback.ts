import type { Feedback } from '@wismo/core'
import { describe, expect } from 'vitest'
import { codeOf, type Harness } from './harness.ts'

const fresh = () => `shp_fb_${Math.random().toString(36).slice(2)}`

/** A rating as the tracking page stores it; times are fixed, never the machine's clock. */
const feedbackOf = (overrides: Partial<Feedback> = {}): Feedback => ({
  shipmentId: fresh(),
  orderId: 'A-1001',
  rating: 4,
  comment: 'Arrived early, box a little dented — danke!',
  createdAt: '2026-03-05T18:00:00.000Z',
  updatedAt: '2026-03-05T18:00:00.000Z',
  ...overrides,
})

/** All pages of a listing, following `nextCursor`. */
async function allPages(h: Harness, query: { since?: string; limit: number }): Promise<Feedback[][]> {
  const pages: Feedback[][] = []
  let cursor: string | null = null
  do {
    const page = await h.store().listFeedback({ ...query, cursor })
    pages.push(page.items)
    cursor = page.nextCursor
  } while (cursor && pages.length < 20)
  return pages
}

/**
 * Post-delivery feedback (`saveFeedback`, `getFeedback`, `listFeedback`): one rating per
 * shipment, edited in place, listed for the ops dashboard by when it last changed.
 */
export function feedbackCases(h: Harness): void {
  describe('feedback', () => {
    h.test('stores feedback and reads it back unchanged', async () => {
      const feedback = feedbackOf()
      expect(await h.store().saveFeedback(feedback)).toEqual(feedback)
      expect(await h.store().getFeedback(feedback.shipmentId)).toEqual(feedback)
    })

    h.test('answers null for a shipment without feedback', async () => {
      expect(await h.store().getFeedback(fresh())).toBeNull()
    })

    h.test('replaces feedback on a second save but keeps the first createdAt', async () => {
      const first = feedbackOf()
      await h.store().saveFeedback(first)
      const edit = {
        ...first,
        orderId: null,
        rating: 2,
        comment: null,
        createdAt: '2026-03-06T09:00:00.000Z',
        updatedAt: '2026-03-06T09:00:00.000Z',
      }
      const expected = { ...edit, createdAt: first.createdAt }
      expect(await h.store().saveFeedback(edit)).toEqual(expected)
      expect(await h.store().getFeedback(first.shipmentId)).toEqual(expected)
    })

    h.test('keeps a null comment and a 2000-character unicode comment exactly', async () => {
      const none = feedbackOf({ comment: null, rating: 1 })
      // Exactly the 2000 UTF-16 units allowed, with astral characters (📦) and CJK.
      const long = feedbackOf({ comment: 'ë 山📦'.repeat(400), rating: 5 })
      expect(long.comment?.length).toBe(2000)
      for (const f of [none, long]) await h.store().saveFeedback(f)
      expect(await h.store().getFeedback(none.shipmentId)).toEqual(none)
      expect(await h.store().getFeedback(long.shipmentId)).toEqual(long)
    })

    h.test('refuses feedback that breaks the schema with INPUT_INVALID and stores nothing', async () => {
      const bad = [
        feedbackOf({ rating: 6 }),
        feedbackOf({ rating: 0 }),
        feedbackOf({ rating: 3.5 }),
        feedbackOf({ comment: 'x'.repeat(2001) }),
        feedbackOf({ updatedAt: 'last Tuesday' }),
      ]
      for (const f of bad) {
        expect(await codeOf(h.store().saveFeedback(f))).toBe('INPUT_INVALID')
        expect(await h.store().getFeedback(f.shipmentId)).toBeNull()
      }
    })

    h.test('lists feedback by updatedAt then shipment id, in pages, from `since`', async () => {
      const t = (hh: string) => `2026-03-0${hh}`
      const rows = [
        feedbackOf({ shipmentId: 'shp_fb_b', updatedAt: t('5T10:00:00.000Z') }),
        feedbackOf({ shipmentId: 'shp_fb_a', updatedAt: t('5T10:00:00.000Z') }),
        // 11:30Z written with an offset: ordered by the instant, not the text.
        feedbackOf({ shipmentId: 'shp_fb_c', updatedAt: t('5T13:30:00.000+02:00') }),
        feedbackOf({ shipmentId: 'shp_fb_d', updatedAt: t('5T09:00:00.000Z') }),
        feedbackOf({ shipmentId: 'shp_fb_e', updatedAt: t('6T08:00:00.000Z') }),
      ]
      for (const f of rows) await h.store().saveFeedback({ ...f, createdAt: f.updatedAt })
      const pages = await allPages(h, { limit: 2 })
      expect(pages.map((p) => p.map((f) => f.shipmentId))).toEqual([
        ['shp_fb_d', 'shp_fb_a'],
        ['shp_fb_b', 'shp_fb_c'],
        ['shp_fb_e'],
      ])
      const since = await h.store().listFeedback({ since: '2026-03-05T10:00:00.000Z' })
      expect(since.items.map((f) => f.shipmentId)).toEqual(['shp_fb_a', 'shp_fb_b', 'shp_fb_c', 'shp_fb_e'])
      expect(since.nextCursor).toBeNull()
      // An edit moves the row to the end.
      await h.store().saveFeedback({ ...(rows[3] as Feedback), rating: 1, updatedAt: t('7T00:00:00.000Z') })
      const after = await h.store().listFeedback({ since: '2026-03-06T00:00:00.000Z' })
      expect(after.items.map((f) => [f.shipmentId, f.rating])).toEqual([
        ['shp_fb_e', 4],
        ['shp_fb_d', 1],
      ])
    })

    h.test('refuses a `since` that is not an instant and a cursor it did not make', async () => {
      expect(await codeOf(h.store().listFeedback({ since: 'yesterday' }))).toBe('INPUT_INVALID')
      expect(await codeOf(h.store().listFeedback({ cursor: 'not a cursor' }))).toBe('INPUT_INVALID')
    })

    h.test('reports a damaged feedback row as STORE_ROW_INVALID', async ({ skip }) => {
      const probe = h.probe()
      if (!probe?.corruptFeedback)
        return skip('the harness has no probe that can damage a row (corruptFeedback)')
      const feedback = feedbackOf()
      await h.store().saveFeedback(feedback)
      await probe.corruptFeedback(feedback.shipmentId)
      expect(await codeOf(h.store().getFeedback(feedback.shipmentId))).toBe('STORE_ROW_INVALID')
      expect(await codeOf(h.store().listFeedback({}))).toBe('STORE_ROW_INVALID')
    })

    h.testRestart('keeps feedback across a restart', async (reopen) => {
      const feedback = feedbackOf()
      await h.store().saveFeedback(feedback)
      const store = await reopen()
      expect(await store.getFeedback(feedback.shipmentId)).toEqual(feedback)
    })
  })
}
