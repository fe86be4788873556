/** What the browser shows, read back as plain data for the assertions. */
import type { Locator, Page, Response } from 'playwright-core'

/** The scan history as listed (newest first): `[status, occurredAt]`. */
export function shownScans(page: Page): Promise<[string, string][]> {
  return page
    .locator('ol.scans li[data-status][data-at]')
    .evaluateAll((items) =>
      items.map((li) => [li.getAttribute('data-status') ?? '', li.getAttribute('data-at') ?? '']),
    )
}

/** The progress steps as `step:state`. */
export function shownSteps(page: Page): Promise<string[]> {
  return page
    .locator('ol.steps > li[data-step]')
    .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-step')}:${li.className}`))
}

export interface Marker {
  kind: string
  label: string
}

/** Every marker on the map: its kind (from `wm-map-<kind>`) and its tooltip. */
export function mapMarkers(map: Locator): Promise<Marker[]> {
  return map.locator('svg g.wm-map-stop').evaluateAll((groups) =>
    groups.map((g) => ({
      kind: [...g.classList].find((c) => c !== 'wm-map-stop')?.replace('wm-map-', '') ?? '',
      label: g.querySelector('title')?.textContent ?? '',
    })),
  )
}

/** Click `submit` and wait for the page the form leads to (after any redirect). */
export async function submitAndLoad(page: Page, submit: Locator | (() => Promise<void>)): Promise<Response> {
  const navigation = page.waitForNavigation()
  if (typeof submit === 'function') await submit()
  else await submit.click()
  const response = await navigation
  if (!response) throw new Error('the form did not load a page')
  return response
}

/** The element that has the keyboard focus, described. */
export function focused(page: Page): Promise<{
  tag: string
  href: string | null
  lang: string | null
  name: string | null
  value: string | null
  inNav: boolean
  inFeedback: boolean
}> {
  return page.evaluate(() => {
    const el = document.activeElement
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      href: el?.getAttribute('href') ?? null,
      lang: el?.getAttribute('lang') ?? null,
      name: el?.getAttribute('name') ?? null,
      value: (el as HTMLInputElement | null)?.value ?? null,
      inNav: Boolean(el?.closest('nav.lang')),
      inFeedback: Boolean(el?.closest('form[data-testid="feedback"]')),
    }
  })
}
