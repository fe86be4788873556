/**
 * The tracking page in a real Chromium, served over loopback HTTP by the Node mount on the SQLite
 * store. Most pages are opened with JavaScript off: the page has none and must not need any.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { statusWords } from '@wismo/core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { placeOf } from '../../src/view.ts'
import { type AxeResult, axeContext, checkPage, isBlocking, reportAxe } from './axe.ts'
import { focused, mapMarkers, shownScans, shownSteps, submitAndLoad } from './dom.ts'
import {
  type BrowserWorld,
  HOOK_TIMEOUT,
  JOURNEYS,
  type Journey,
  launchBrowser,
  noScriptContext,
  OUTPUT_DIR,
  SKIP_BROWSER,
  serveWorld,
  TEST_TIMEOUT,
  VIEWPORTS,
} from './harness.ts'

const ALL_DONE = ['ordered', 'shipped', 'in_transit', 'out_for_delivery', 'delivered'].map((s) => `${s}:done`)
/** The progress steps as `step:state`; `null`: the returned journey, whose steps depend on where it turned. */
const STEPS: Record<Journey, string[] | null> = {
  delivered: ALL_DONE,
  failedAttempt: ALL_DONE,
  exception: ALL_DONE,
  returned: null,
  lost: [
    'ordered:done',
    'shipped:done',
    'in_transit:current',
    'out_for_delivery:upcoming',
    'delivered:upcoming',
  ],
}
/** Where each journey ends: the page must show the end, not a stage on the way. */
const FINAL: Record<Journey, string> = {
  delivered: 'delivered',
  failedAttempt: 'delivered',
  exception: 'delivered',
  returned: 'returned',
  lost: 'exception',
}
const orderOf = (journey: Journey) => `J-${journey}`

describe.skipIf(SKIP_BROWSER)('the tracking page in Chromium', () => {
  let browser: Browser
  let desktop: BrowserContext
  let phone: BrowserContext
  let main: BrowserWorld
  let notified: BrowserWorld
  const shipments = new Map<string, string>()
  const pages: Page[] = []

  async function open(url: string, context = desktop) {
    const page = await context.newPage()
    pages.push(page)
    const response = await page.goto(url)
    if (!response) throw new Error(`no response for ${url}`)
    return { page, response }
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    desktop = await noScriptContext(browser)
    phone = await noScriptContext(browser, VIEWPORTS.phone)
    main = await serveWorld()
    notified = await serveWorld({ notifications: true })
    await notified.order('P-1', 'delivered', { phone: '+14155550100' })
    const orders: [string, Journey][] = [
      ...JOURNEYS.map((j) => [orderOf(j), j] as [string, Journey]),
      ['F-1', 'delivered'],
      ['K-1', 'delivered'],
      ['X-1', 'delivered'],
      ['X-2', 'delivered'],
      ['L-1', 'delivered'],
    ]
    for (const [id, journey] of orders) shipments.set(id, (await main.order(id, journey)).shipment.id)
  }, HOOK_TIMEOUT)

  afterAll(async () => {
    await browser?.close()
    await main?.close()
    await notified?.close()
  }, HOOK_TIMEOUT)

  /** `/track/o/v1.<order>.<expiry>.<signature>` with one part replaced. */
  async function tampered(part: 'order' | 'signature'): Promise<string> {
    const url = new URL(await main.link('X-1'))
    const [v, order, exp, sig = ''] = (url.pathname.split('/o/')[1] as string).split('.')
    const other = (new URL(await main.link('X-2')).pathname.split('/o/')[1] as string).split('.')[1]
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`
    const token = part === 'order' ? [v, other, exp, sig] : [v, order, exp, flipped]
    return `${main.origin}/track/o/${token.join('.')}`
  }

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close()
  })

  const shipmentOf = (orderId: string) => shipments.get(orderId) as string

  describe('each sandbox journey', () => {
    it.each(JOURNEYS)(
      '%s: the timeline, steps and status match the stored history',
      async (journey) => {
        const { page, response } = await open(await main.link(orderOf(journey)))
        expect(response.status()).toBe(200)
        const { shipment, timeline } = await main.wismo.getShipment(shipmentOf(orderOf(journey)))
        const scans = page.locator('ol.scans')
        expect(await scans.isVisible()).toBe(false)
        await page.locator('details:has(ol.scans) > summary').click()
        expect(await scans.isVisible()).toBe(true)
        expect(await shownScans(page)).toEqual([...timeline].reverse().map((e) => [e.status, e.occurredAt]))
        const steps = await shownSteps(page)
        const expected = STEPS[journey]
        if (expected) expect(steps).toEqual(expected)
        else expect(steps).toEqual(expect.arrayContaining(['ordered:done', 'returned:done']))
        expect(shipment.status).toBe(FINAL[journey])
        const status = page.getByTestId('status')
        expect(await status.isVisible()).toBe(true)
        expect((await status.textContent())?.trim()).toBe(statusWords(shipment.status, 'en'))
        expect(await page.locator('section.shipment').getAttribute('data-status')).toBe(shipment.status)
      },
      TEST_TIMEOUT,
    )

    it.each(JOURNEYS)(
      '%s: the map marks every place the parcel was scanned',
      async (journey) => {
        const { page } = await open(await main.link(orderOf(journey)))
        const { shipment, timeline } = await main.wismo.getShipment(shipmentOf(orderOf(journey)))
        const map = page.getByTestId('map')
        expect(await map.locator('svg[role="img"]').count()).toBe(1)
        expect(await map.isVisible()).toBe(true)
        const unplaced = await map.locator('[data-testid="unplaced"] li').allTextContents()
        const places = [
          placeOf(shipment.origin),
          ...timeline.map((e) => placeOf(e.location)),
          // A settled parcel (delivered, returned) has no destination ahead of it.
          ['delivered', 'returned'].includes(shipment.status) ? null : placeOf(shipment.destination),
        ].filter((p): p is string => p !== null && !unplaced.some((u) => u.includes(p)))
        // One marker per stay: consecutive scans at one place are one stop on the route.
        const stays = places.filter((p, i) => p !== places[i - 1])
        const markers = await mapMarkers(map)
        const marked = markers.map((m) => places.find((p) => m.label.includes(p)) ?? `? ${m.label}`)
        expect(marked.sort()).toEqual(stays.sort())
        expect(markers.filter((m) => m.kind === 'current')).toHaveLength(1)
        expect(markers.filter((m) => m.kind === 'destination').length).toBeLessThanOrEqual(1)
      },
      TEST_TIMEOUT,
    )
  })

  describe('forms', () => {
    it(
      'keeps a rating and comment across reloads, and stores them',
      async () => {
        const { page } = await open(await main.link('F-1'))
        const form = page.locator('form[data-testid="feedback"]')
        await form.locator('label', { has: page.locator('input[name="rating"][value="3"]') }).click()
        await form.locator('textarea[name="comment"]').fill('Left with the neighbour, all good')
        const saved = await submitAndLoad(page, form.locator('button[type="submit"]'))
        expect(saved.status()).toBe(200)
        expect(page.url()).toContain('saved=feedback')
        await page.reload()
        expect(await page.locator('input[name="rating"][value="3"]').isChecked()).toBe(true)
        expect(await page.locator('textarea[name="comment"]').inputValue()).toBe(
          'Left with the neighbour, all good',
        )
        const state = await main.wismo.feedback.state(shipmentOf('F-1'))
        expect(state.feedback).toMatchObject({ rating: 3, comment: 'Left with the neighbour, all good' })
      },
      TEST_TIMEOUT,
    )

    it(
      'finds an order by number and e-mail and lands on its page',
      async () => {
        const { page } = await open(`${main.origin}/track`)
        await page.getByLabel('Order number').fill(' L-1 ')
        await page.locator('#lookup-contact').fill('L-1@Example.com')
        const landed = await submitAndLoad(page, page.locator('form[data-testid="lookup"] button'))
        expect(landed.status()).toBe(200)
        expect(new URL(page.url()).pathname).toMatch(/^\/track\/o\/v1\./)
        expect(await page.locator('h1').textContent()).toContain('L-1')
      },
      TEST_TIMEOUT,
    )
  })

  describe('preferences', () => {
    it(
      'keeps muted triggers and quiet hours across reloads, and stores them',
      async () => {
        const { page } = await open(await notified.link('P-1'))
        const form = page.getByTestId('preferences')
        await form.locator('input[name="notify"][value="out_for_delivery"]').uncheck()
        await form.locator('#quiet-start').fill('22:00')
        await form.locator('#quiet-end').fill('07:30')
        await submitAndLoad(page, form.locator('button[type="submit"]'))
        expect(page.url()).toContain('saved=preferences')
        await page.reload()
        expect(await form.locator('input[name="notify"][value="out_for_delivery"]').isChecked()).toBe(false)
        expect(await form.locator('input[name="notify"][value="delivered"]').isChecked()).toBe(true)
        expect(await form.locator('#quiet-start').inputValue()).toBe('22:00')
        expect(await form.locator('#quiet-end').inputValue()).toBe('07:30')
        const prefs = await notified.wismo.notifications.preferences('P-1')
        expect(prefs.mutedTriggers).toContain('out_for_delivery')
        expect(prefs.mutedTriggers).not.toContain('delivered')
        expect(prefs.quietHours).toEqual({ start: '22:00', end: '07:30' })
      },
      TEST_TIMEOUT,
    )
  })

  describe('access', () => {
    it.each(['order', 'signature'] as const)(
      'refuses a link whose %s was changed',
      async (part) => {
        const { page, response } = await open(await tampered(part))
        expect(response.status()).toBe(403)
        expect(await page.getByText('This link does not work').isVisible()).toBe(true)
        expect(await page.getByTestId('lookup').isVisible()).toBe(true)
        const body = await page.content()
        for (const secret of ['X-1', 'X-2', 'x-1@example.com', 'x-2@example.com'])
          expect(body).not.toContain(secret)
      },
      TEST_TIMEOUT,
    )

    it(
      'says an expired link has expired and offers the lookup',
      async () => {
        const expiring = await serveWorld()
        try {
          await expiring.order('E-1', 'delivered')
          const link = await expiring.link('E-1')
          expiring.advance(91 * 86_400_000)
          const { page, response } = await open(link)
          expect(response.status()).toBe(410)
          expect(await page.getByText('This link has expired').isVisible()).toBe(true)
          expect(await page.getByTestId('lookup').isVisible()).toBe(true)
          expect(await page.content()).not.toContain('E-1')
        } finally {
          await expiring.close()
        }
      },
      TEST_TIMEOUT,
    )

    it(
      'reaches nothing of another order through the feedback form',
      async () => {
        const theirs = await main.wismo.getShipment(shipmentOf('X-2'))
        const { page } = await open(await main.link('X-1'))
        const form = page.locator('form[data-testid="feedback"]')
        await form.locator('input[name="shipment"]').evaluate((input, id) => {
          ;(input as HTMLInputElement).value = id
        }, theirs.shipment.id)
        await form.locator('label', { has: page.locator('input[name="rating"][value="1"]') }).click()
        await form.locator('textarea[name="comment"]').fill('not my parcel')
        const answer = await submitAndLoad(page, form.locator('button[type="submit"]'))
        expect(answer.status()).toBe(404)
        const body = await page.content()
        for (const secret of ['X-2', theirs.shipment.trackingNumber, 'x-2@example.com'])
          expect(body).not.toContain(secret)
        expect((await main.wismo.feedback.state(theirs.shipment.id)).feedback).toBeNull()
        expect((await main.wismo.feedback.state(shipmentOf('X-1'))).feedback).toBeNull()
      },
      TEST_TIMEOUT,
    )

    it(
      'reaches nothing of another order through the lookup with this customer’s e-mail',
      async () => {
        const theirs = await main.wismo.getShipment(shipmentOf('X-2'))
        const { page } = await open(`${main.origin}/track`)
        await page.locator('#lookup-order').fill('X-2')
        await page.locator('#lookup-contact').fill('x-1@example.com')
        const answer = await submitAndLoad(page, page.locator('form[data-testid="lookup"] button'))
        expect(answer.status()).toBe(200)
        expect(new URL(page.url()).pathname).toBe('/track/lookup')
        expect(await page.getByTestId('lookup-problem').isVisible()).toBe(true)
        const body = await page.content()
        for (const secret of [theirs.shipment.trackingNumber, 'x-2@example.com', shipmentOf('X-2')])
          expect(body).not.toContain(secret)
        // Only the number the visitor typed comes back, in the form, for them to correct.
        expect(await page.locator('main').textContent()).not.toContain('X-2')
        expect(await page.locator('#lookup-order').inputValue()).toBe('X-2')
      },
      TEST_TIMEOUT,
    )
  })

  describe('keyboard', () => {
    it(
      'reaches the skip link first, then the language links',
      async () => {
        const { page } = await open(await main.link('K-1'))
        await page.keyboard.press('Tab')
        expect(await focused(page)).toMatchObject({ tag: 'a', href: '#content' })
        const langs: (string | null)[] = []
        for (let i = 0; i < 4; i++) {
          await page.keyboard.press('Tab')
          const now = await focused(page)
          expect(now.inNav).toBe(true)
          langs.push(now.lang)
        }
        expect(langs).toEqual(['en', 'es', 'de', 'pt-BR'])
      },
      TEST_TIMEOUT,
    )

    it(
      'sends the rating with the keyboard alone',
      async () => {
        const { page } = await open(await main.link('K-1'))
        for (let i = 0; i < 60 && (await focused(page)).name !== 'rating'; i++)
          await page.keyboard.press('Tab')
        expect(await focused(page)).toMatchObject({ name: 'rating', inFeedback: true })
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
        expect(await focused(page)).toMatchObject({ name: 'rating', value: '4' })
        await page.keyboard.press('Tab')
        expect((await focused(page)).tag).toBe('textarea')
        await page.keyboard.type('Typed, not clicked')
        await page.keyboard.press('Tab')
        expect((await focused(page)).tag).toBe('button')
        await submitAndLoad(page, () => page.keyboard.press('Enter'))
        expect(page.url()).toContain('saved=feedback')
        const state = await main.wismo.feedback.state(shipmentOf('K-1'))
        expect(state.feedback).toMatchObject({ rating: 4, comment: 'Typed, not clicked' })
      },
      TEST_TIMEOUT,
    )
  })

  describe('accessibility (axe-core)', () => {
    const results: AxeResult[] = []
    const targets: Record<string, () => Promise<string>> = {
      ...Object.fromEntries(JOURNEYS.map((j) => [`order ${j}`, () => main.link(orderOf(j))])),
      lookup: async () => `${main.origin}/track`,
      refused: () => tampered('signature'),
      preferences: () => notified.link('P-1'),
    }
    const variants = [
      { locale: 'en', width: 'desktop' },
      { locale: 'de', width: 'phone' },
    ] as const
    const cases = Object.keys(targets).flatMap((name) => variants.map((v) => ({ name, ...v })))

    afterAll(() => {
      if (results.length > 0) console.log(reportAxe(results))
    })

    it.each(cases)(
      '$name ($locale, $width): no serious or critical violation',
      async ({ name, locale, width }) => {
        const context = await axeContext(browser, VIEWPORTS[width])
        try {
          const url = new URL(await (targets[name] as () => Promise<string>)())
          url.searchParams.set('lang', locale)
          const result = await checkPage(context, `${name} (${locale}, ${width})`, url.href)
          results.push(result)
          expect(result.status).toBe(name === 'refused' ? 403 : 200)
          expect(result.passes).toBeGreaterThan(10)
          expect(result.violations.filter(isBlocking)).toEqual([])
        } finally {
          await context.close()
        }
      },
      TEST_TIMEOUT,
    )
  })

  describe('screenshots', () => {
    it.each(JOURNEYS)(
      '%s at phone and desktop widths',
      async (journey) => {
        mkdirSync(OUTPUT_DIR, { recursive: true })
        const link = await main.link(orderOf(journey))
        for (const [width, context] of [
          ['phone', phone],
          ['desktop', desktop],
        ] as const) {
          const { page } = await open(link, context)
          const path = join(OUTPUT_DIR, `${journey}-${width}.png`)
          await page.screenshot({ path, fullPage: true })
        }
      },
      TEST_TIMEOUT,
    )
  })
})
