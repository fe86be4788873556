import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { defaultSource } from './engine.ts'
import { EMAIL_LAYOUT_HTML } from './generated.ts'
import { NOTIFICATION_TRIGGERS, TEMPLATE_LOCALES } from './triggers.ts'

const repo = fileURLToPath(new URL('../../../../../', import.meta.url))
const layoutSource = readFileSync(`${repo}packages/core/templates/layout.mjml`, 'utf8')
const LIQUID = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g

describe('generated templates', () => {
  it('keeps every Liquid tag and slot of layout.mjml through MJML', () => {
    const tags = new Set(layoutSource.match(LIQUID))
    expect(tags.size).toBeGreaterThan(10)
    for (const tag of tags) expect(EMAIL_LAYOUT_HTML).toContain(tag)
    for (const slot of new Set(layoutSource.match(/@@[a-zA-Z.]+@@/g)))
      expect(EMAIL_LAYOUT_HTML).toContain(slot)
    expect(EMAIL_LAYOUT_HTML).not.toMatch(/\.invalid\/|#0b0c0d|#fefdfc/)
  })

  it('balances every {% if %} in the compiled layout', () => {
    const opened = EMAIL_LAYOUT_HTML.match(/\{%-? if /g)?.length
    expect(EMAIL_LAYOUT_HTML.match(/\{%-? endif -?%\}/g)?.length).toBe(opened)
  })

  it('has copy for every trigger × locale, with no slot left unfilled', () => {
    for (const locale of TEMPLATE_LOCALES) {
      for (const trigger of NOTIFICATION_TRIGGERS) {
        for (const part of ['subject', 'html', 'text', 'sms'] as const) {
          expect(defaultSource(trigger, locale, part)).not.toMatch(/@@/)
        }
      }
    }
  })

  it('is up to date with its sources (the build script is deterministic)', () => {
    const run = spawnSync(process.execPath, ['scripts/build-templates.mjs', '--check'], {
      cwd: repo,
      encoding: 'utf8',
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
  }, 60_000)
})
