/**
 * axe-core inside the page under test. The dashboard's CSP forbids scripts, so the checking
 * context bypasses CSP; staff browsers never run a script on these pages.
 */
import axe from 'axe-core'
import type { Browser, BrowserContext } from 'playwright-core'
import { DESKTOP, STAFF_HEADERS, TEST_TIMEOUT } from './harness.ts'

export interface AxeFinding {
  rule: string
  impact: string
  nodes: string[]
}

export async function axeContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    bypassCSP: true,
    extraHTTPHeaders: STAFF_HEADERS,
  })
  context.setDefaultTimeout(TEST_TIMEOUT / 2)
  return context
}

/** The page's HTTP status and every violation axe finds on it (WCAG 2.x A and AA, and best practices). */
export async function violations(
  context: BrowserContext,
  url: string,
  open?: string,
): Promise<{ status: number; found: AxeFinding[] }> {
  const page = await context.newPage()
  try {
    const response = await page.goto(url)
    // Closed <details> hide their content from axe: open them so everything is checked.
    if (open)
      await page.locator(open).evaluateAll((all) => {
        for (const d of all) d.setAttribute('open', '')
      })
    await page.evaluate(axe.source)
    const found = await page.evaluate(async () => {
      const run = await (window as unknown as { axe: typeof axe }).axe.run(document)
      return run.violations.map((v) => ({
        rule: v.id,
        impact: v.impact ?? 'unknown',
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }))
    })
    return { status: response?.status() ?? 0, found }
  } finally {
    await page.close()
  }
}
