/**
 * The dashboard in a real Chromium, over loopback HTTP through the Node mount, on SQLite filled by
 * sandbox journeys sent as signed webhooks. Pages are opened with JavaScript off: they have none.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { allEvents, type DeliveredRecord } from '@wismo/core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { axeContext, violations } from './axe.ts'
import {
  HOOK_TIMEOUT,
  launchBrowser,
  OUTPUT_DIR,
  type Placed,
  SKIP_BROWSER,
  serveWorld,
  staffContext,
  TEST_TIMEOUT,
  type World,
} from './harness.ts'

const DAY = 86_400_000
/** Wide enough for every journey the suite plays (they run one after another in simulated time). */
const PERIOD = { from: '2026-03-01', to: '2026-12-31' }

describe.skipIf(SKIP_BROWSER)('the ops dashboard in Chromium', { timeout: TEST_TIMEOUT }, () => {
  let browser: Browser
  let staff: BrowserContext
  let world: World
  const placed = new Map<string, Placed>()
  const pages: Page[] = []

  async function open(path: string, context = staff) {
    const page = await context.newPage()
    pages.push(page)
    const response = await page.goto(`${world.origin}${path}`)
    if (!response) throw new Error(`no response for ${path}`)
    return { page, response }
  }

  async function screenshot(page: Page, name: string) {
    mkdirSync(OUTPUT_DIR, { recursive: true })
    await page.screenshot({ path: join(OUTPUT_DIR, `dashboard-${name}.png`), fullPage: true })
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    staff = await staffContext(browser)
    world = await serveWorld()
    const now = () => world.wismo.clock().getTime()
    const inDays = (n: number) => new Date(now() + n * DAY).toISOString().slice(0, 10)
    const plan = [
      { id: 'A-1', scenario: 'delivered', lane: 'us-bos-den', promise: 30 },
      { id: 'A-2', scenario: 'delivered', lane: 'us-bos-den', promise: 1 },
      { id: 'A-3', scenario: 'failedAttempt', lane: 'us-nyc-mia', promise: 30 },
      { id: 'A-4', scenario: 'exception', lane: 'us-nyc-mia' },
      { id: 'A-5', scenario: 'lost', lane: 'eu-ber-par', promise: 2 },
      { id: 'A-6', scenario: 'delivered', lane: 'eu-ber-par', email: 'bounce-a6@example.com' },
      { id: 'A-7', scenario: 'returned', lane: 'us-bos-den' },
    ] as const
    for (const p of plan) {
      const promised = 'promise' in p ? inDays(p.promise) : undefined
      const email = 'email' in p ? p.email : undefined
      placed.set(
        p.id,
        await world.order({
          id: p.id,
          scenario: p.scenario,
          lane: p.lane,
          ...(promised ? { promised } : {}),
          ...(email ? { email } : {}),
        }),
      )
    }
    await world.wismo.workers.detectSignals({ workerId: 'browser-test' })
  }, HOOK_TIMEOUT)

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close()
  })

  afterAll(async () => {
    await browser?.close()
    await world?.close()
  }, HOOK_TIMEOUT)

  const of = (id: string) => placed.get(id) as Placed

  it('refuses a browser that is not signed in, and shows nothing', async () => {
    const stranger = await staffContext(browser, false)
    try {
      const page = await stranger.newPage()
      const response = await page.goto(`${world.origin}/ops/attention`)
      expect(response?.status()).toBe(401)
      expect(response?.headers()['www-authenticate']).toBe('Bearer realm="ops"')
      expect(await page.locator('h1').textContent()).toBe('Sign in needed')
      expect(await page.locator('nav, table').count()).toBe(0)
      expect(await page.content()).not.toContain(of('A-1').shipment.trackingNumber)
    } finally {
      await stranger.close()
    }
  })

  async function search(text: string) {
    const { page } = await open('/ops')
    await page.locator('#q').fill(text)
    await Promise.all([page.waitForNavigation(), page.locator('form.search button').click()])
    return page
  }

  it('finds an order by its id', async () => {
    const page = await search('A-3')
    const result = page.locator('[data-result="A-3"]')
    expect(await result.getAttribute('data-matched')).toBe('order')
    expect(await result.locator(`tr[data-shipment="${of('A-3').shipment.id}"]`).count()).toBe(1)
    expect(new URL(page.url()).search).toBe('')
  })

  it('finds an order by its customer e-mail, any case, and keeps the address out of the URL', async () => {
    const page = await search('A-2@EXAMPLE.com')
    expect(await page.locator('[data-result="A-2"]').getAttribute('data-matched')).toBe('email')
    expect(await page.locator('[data-result]').count()).toBe(1)
    expect(page.url()).toBe(`${world.origin}/ops/search`)
    expect(await page.locator('[data-result="A-2"]').textContent()).toContain('a-2@example.com')
  })

  it('finds a shipment by tracking number and opens its page', async () => {
    const { shipment } = of('A-4')
    const page = await search(shipment.trackingNumber.toLowerCase())
    expect(await page.locator('[data-result="A-4"]').getAttribute('data-matched')).toBe('tracking_number')
    await Promise.all([
      page.waitForNavigation(),
      page.locator(`a[href="/ops/shipments/${shipment.id}"]`).click(),
    ])
    expect(await page.locator('h1').textContent()).toBe(`Shipment sandbox ${shipment.trackingNumber}`)
  })

  it("shows a shipment's whole history, its raw payloads and every notification attempt", async () => {
    const { shipment, bodies } = of('A-6')
    const { page, response } = await open(`/ops/shipments/${shipment.id}`)
    expect(response.status()).toBe(200)
    const events = await allEvents(world.wismo.store, shipment.id)
    const shown = await page
      .locator('table[data-table="history"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-dedup')))
    expect(shown).toEqual(events.map((e) => e.dedupKey).reverse())
    // Every payload that changed the shipment is archived; a duplicate delivery changes nothing.
    const payloads = page.locator('details[data-payload]')
    const count = await payloads.count()
    expect(count).toBeGreaterThan(0)
    expect(count).toBeLessThanOrEqual(bodies.length)
    const first = payloads.first()
    expect(await first.locator('pre').isVisible()).toBe(false)
    await first.locator('summary').click()
    const text = (await first.locator('pre').textContent()) ?? ''
    expect(bodies.map((b) => JSON.stringify(JSON.parse(b), null, 2))).toContain(text)
    // The delivered e-mail to a bouncing address was given up on, with the provider's reason.
    const dead = page.locator('tr[data-state="dead"]')
    expect(await dead.count()).toBeGreaterThan(0)
    expect(await dead.first().textContent()).toContain('NOTIFY_REQUEST_REJECTED')
    const rows = await world.wismo.store.listOutbox({ shipmentId: shipment.id })
    const notify = rows.filter((r) => r.topic.startsWith('notify.'))
    expect(await page.locator('tr[data-outbox]').count()).toBe(notify.length)
    const log = page.locator('tr[data-outbox] + tr details').first()
    await log.locator('summary').click()
    expect(await log.locator('tr[data-kind]').count()).toBeGreaterThan(0)
    await screenshot(page, 'shipment')
  })

  it('shows metrics that match the figures computed from the stored data', async () => {
    const { page } = await open(`/ops/metrics?from=${PERIOD.from}&to=${PERIOD.to}`)
    const records = await world.wismo.store.listDeliveries({ since: '2026-03-01T00:00:00Z' })
    const expected = expectedFigures(records)
    const cell = (table: string, key: string, metric: string) =>
      page
        .locator(`table[data-table="${table}"] tr[data-key="${key}"] td[data-metric="${metric}"]`)
        .getAttribute('data-value')
    expect(await cell('carrier', 'sandbox', 'delivered')).toBe(String(expected.delivered))
    expect(Number(await cell('carrier', 'sandbox', 'onTimeRate'))).toBeCloseTo(expected.onTimeRate, 10)
    expect(Number(await cell('carrier', 'sandbox', 'transitMedianDays'))).toBeCloseTo(expected.median, 10)
    expect(Number(await cell('carrier', 'sandbox', 'transitP90Days'))).toBeCloseTo(expected.p90, 10)
    expect(await cell('carrier', 'sandbox', 'shipments')).toBe(String(placed.size))
    let excepted = 0
    for (const p of placed.values())
      if ((await allEvents(world.wismo.store, p.shipment.id)).some((e) => e.status === 'exception'))
        excepted++
    expect(await cell('carrier', 'sandbox', 'exceptions')).toBe(String(excepted))
    for (const [lane, count] of expected.lanes)
      expect(await cell('lane', lane, 'delivered')).toBe(String(count))
    const outbox = [
      ...(await world.wismo.store.listOutbox({ state: 'done' })),
      ...(await world.wismo.store.listOutbox({ state: 'dead' })),
    ]
    const email = outbox.filter((r) => r.topic === 'notify.email')
    const dead = email.filter((r) => r.state === 'dead').length
    const notifyCell = (metric: string) =>
      page
        .locator(`table[data-table="notifications"] tr[data-key="email"] td[data-metric="${metric}"]`)
        .getAttribute('data-value')
    expect(await notifyCell('dead')).toBe(String(dead))
    expect(await notifyCell('done')).toBe(String(email.length - dead))
    expect(await page.locator('svg#chart-transit[role="img"] title').textContent()).toContain('Transit time')
    expect(await page.locator('svg#chart-days path.line').getAttribute('d')).toMatch(/^M/)
    await screenshot(page, 'metrics')
  })

  it('lists the shipments that need attention, each linked to its page', async () => {
    const { page } = await open('/ops/attention')
    const reasonsOf = (id: string) =>
      page.locator(`tr[data-shipment="${of(id).shipment.id}"]`).getAttribute('data-reasons')
    expect(await reasonsOf('A-5')).toContain('exception')
    expect(await reasonsOf('A-6')).toContain('notification_failed')
    expect(await page.locator(`tr[data-shipment="${of('A-1').shipment.id}"]`).count()).toBe(0)
    const link = page.locator(`tr[data-shipment="${of('A-5').shipment.id}"] a`)
    await Promise.all([page.waitForNavigation(), link.click()])
    expect(new URL(page.url()).pathname).toBe(`/ops/shipments/${of('A-5').shipment.id}`)
    await page.goBack()
    await screenshot(page, 'attention')
  })

  it('works with the keyboard alone: skip link, search, results, a shipment', async () => {
    const { page } = await open('/ops')
    await screenshot(page, 'search')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#content')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q')
    await page.keyboard.type('A-1')
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
    expect(await page.locator('[data-result="A-1"]').count()).toBe(1)
    // Through the navigation to the result's shipment link.
    let href: string | null = null
    for (let i = 0; i < 12 && !href?.startsWith('/ops/shipments/'); i++) {
      await page.keyboard.press('Tab')
      href = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? null)
    }
    expect(href).toBe(`/ops/shipments/${of('A-1').shipment.id}`)
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
    expect(new URL(page.url()).pathname).toBe(href)
  })

  it('has no axe-core violation on any page', async () => {
    const context = await axeContext(browser)
    try {
      const found: Record<string, unknown> = {}
      const check = async (name: string, path: string, open?: string) => {
        const { status, found: list } = await violations(context, `${world.origin}${path}`, open)
        found[name] = { status, violations: list }
      }
      await check('search', '/ops')
      await check('results', '/ops/search?q=A-1')
      await check('shipment', `/ops/shipments/${of('A-6').shipment.id}`, 'details')
      await check('metrics', `/ops/metrics?from=${PERIOD.from}&to=${PERIOD.to}`, 'details')
      await check('attention', '/ops/attention')
      await check('not-found', '/ops/nothing-here')
      const clean = (status: number) => ({ status, violations: [] })
      expect(found).toEqual({
        search: clean(200),
        results: clean(200),
        shipment: clean(200),
        metrics: clean(200),
        attention: clean(200),
        'not-found': clean(404),
      })
    } finally {
      await context.close()
    }
  })
})

/** The carrier's figures, worked out here from the records (nearest-rank percentiles, UTC days). */
function expectedFigures(all: readonly DeliveredRecord[]) {
  const records = all.filter((r) => r.deliveredAt >= '2026-03-01' && r.deliveredAt < '2027-01-01')
  const promised = records.filter((r) => r.promisedDate)
  const onTime = promised.filter((r) => r.deliveredAt.slice(0, 10) <= (r.promisedDate ?? ''))
  const days = records
    .filter((r) => r.handedOverAt)
    .map((r) => (Date.parse(r.deliveredAt) - Date.parse(r.handedOverAt ?? '')) / DAY)
    .sort((a, b) => a - b)
  const rank = (p: number) => days[Math.ceil(p * days.length) - 1] as number
  const lanes = new Map<string, number>()
  for (const r of records) {
    const key = `${r.originCountry}-${r.originRegion} → ${r.destinationCountry}-${r.destinationRegion}`
    lanes.set(key, (lanes.get(key) ?? 0) + 1)
  }
  return {
    delivered: records.length,
    onTimeRate: onTime.length / promised.length,
    median: rank(0.5),
    p90: rank(0.9),
    lanes,
  }
}
