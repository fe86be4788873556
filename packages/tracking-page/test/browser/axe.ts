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
  status: number
  violations: Violation[]
  /** Rules axe could not decide (for a person to look at), e.g. contrast over an image. */
  incomplete: Omit<Violation, 'impact' | 'help'>[]
  /** How many rules passed: proves the check ran. */
  passes: number
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
    const response = await page.goto(url)
    await page.evaluate(axe.source)
    const found = await page.evaluate(async () => {
      const run = await (window as unknown as { axe: typeof axe }).axe.run(document)
      return {
        violations: run.violations.map((v) => ({
          rule: v.id,
          impact: v.impact ?? 'unknown',
          help: v.help,
          nodes: v.nodes.length,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        })),
        incomplete: run.incomplete.map((v) => ({
          rule: v.id,
          nodes: v.nodes.length,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        })),
        passes: run.passes.length,
      }
    })
    return { page: name, url: new URL(url).pathname, status: response?.status() ?? 0, ...found }
  } finally {
    await page.close()
  }
}

export const isBlocking = (v: Violation) => v.impact === 'serious' || v.impact === 'critical'

/** One line per page and violation, for the log; and the whole report as JSON for the record. */
export function reportAxe(results: readonly AxeResult[]): string {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  writeFileSync(join(OUTPUT_DIR, 'axe-report.json'), `${JSON.stringify(results, null, 2)}\n`)
  const lines = results.map((r) => {
    const found = r.violations.map((v) => `${v.rule} (${v.impact}, ${v.nodes} nodes)`).join(', ')
    const undecided = r.incomplete.map((v) => `${v.rule} (${v.nodes} nodes: ${v.targets.join(' | ')})`)
    const review = undecided.length > 0 ? `; to review: ${undecided.join(', ')}` : ''
    return `${r.page} [${r.status}]: ${r.passes} rules passed; violations: ${found || 'none'}${review}`
  })
  return `axe-core ${axe.version}\n${lines.join('\n')}`
}
