/**
 * axe-core in the page under test. The page's CSP forbids scripts, so the checking context
 * bypasses CSP (the customer's browser never runs any script on this page).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import axe from 'axe-core'
import type { Browser, BrowserContext } from 'playwright-core'
import { OUTPUT_DIR, TEST_TIMEOUT } from './harness.ts'

export interface Violation {
  rule: string
  impact: string
  help: string
  nodes: number
  targets: string[]
}

export interface AxeResult {
  page: string
  url: string
  violations: Violation[]
}

export async function axeContext(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, bypassCSP: true, javaScriptEnabled: true })
  context.setDefaultTimeout(TEST_TIMEOUT / 2)
  return context
}

/** Open `url` and run every axe rule that applies (WCAG 2.x A/AA and best practices). */
export async function checkPage(context: BrowserContext, name: string, url: string): Promise<AxeResult> {
  const page = await context.newPage()
  try {
    await page.goto(url)
    await page.evaluate(axe.source)
    const violations = await page.evaluate(async () => {
      const found = await (window as unknown as { axe: typeof axe }).axe.run(document, {
        resultTypes: ['violations'],
      })
      return found.violations.map((v) => ({
        rule: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        nodes: v.nodes.length,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }))
    })
    return { page: name, url: new URL(url).pathname, violations }
  } finally {
    await page.close()
  }
}

export const isBlocking = (v: Violation) => v.impact === 'serious' || v.impact === 'critical'

/** One line per page and violation, for the log; and the whole report as JSON for the record. */
export function reportAxe(results: readonly AxeResult[]): string {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  writeFileSync(join(OUTPUT_DIR, 'axe-report.json'), `${JSON.stringify(results, null, 2)}\n`)
  const lines = results.map((r) =>
    r.violations.length === 0
      ? `${r.page}: no violations`
      : `${r.page}: ${r.violations.map((v) => `${v.rule} (${v.impact}, ${v.nodes} nodes)`).join(', ')}`,
  )
  return `axe-core ${axe.version}\n${lines.join('\n')}`
}
