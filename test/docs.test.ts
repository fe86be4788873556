import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkBlocks, type DocProblem } from './docs/check.ts'
import { type DocBlock, extractBlocks } from './docs/extract.ts'

/**
 * Every ```ts / ```typescript block in README.md, docs/*.md and packages/*\/README.md is
 * type-checked, all in one TypeScript program against the workspace sources.
 *
 * Conventions for writing blocks:
 * - Each block is its own ES module: top-level `await` works; it imports what it uses.
 * - `wismo`, `carriers` and `store` are the host app's (test/docs-prelude.d.ts); anything else a
 *   snippet assumes is declared in the block, e.g. `declare const request: Request`.
 * - A block that cannot be checked (a shell session, a fragment of a type) is marked
 *   ```` ```ts skip-check: reason ```` or preceded by `<!-- not type-checked: reason -->`; the
 *   reason is required.
 */

const ROOT = join(import.meta.dirname, '..')

/**
 * Docs another change is rewriting. While such a file still has type errors its test is skipped,
 * naming the reason and the count; once it type-checks it is tested like any other file (then
 * drop its entry).
 */
const PENDING: Record<string, string> = {}

function markdownFiles(): string[] {
  const inDir = (dir: string) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `${dir}/${f}`)
  const packages = readdirSync(join(ROOT, 'packages'))
    .map((p) => `packages/${p}/README.md`)
    .filter((f) => readdirSync(join(ROOT, f, '..')).includes('README.md'))
  return ['README.md', ...inDir('docs'), ...packages]
}

const files = markdownFiles()
const blocks: DocBlock[] = files.flatMap((f) => extractBlocks(f, readFileSync(join(ROOT, f), 'utf8')))

/** Type-check at collection time, so a pending file's test can be skipped with its error count. */
function check(): DocProblem[] {
  const outDir = mkdtempSync(join(tmpdir(), 'wismo-docs-'))
  try {
    const checked = blocks.filter((b) => b.skip === undefined)
    // Errors in the workspace sources themselves are `pnpm typecheck`'s to report, not this test's.
    return checkBlocks(ROOT, checked, outDir, join(ROOT, 'test/docs-prelude.d.ts')).filter(
      (p) => /\.md:\d+$/.test(p.where) || p.where.startsWith('test/'),
    )
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

const problems = check()
const problemsIn = (file: string) => problems.filter((p) => p.where.startsWith(`${file}:`))
const report = (list: readonly DocProblem[]) => list.map((p) => `${p.where}: ${p.message}`).join('\n')

describe('code blocks in the docs', () => {
  it('finds the blocks (README, docs/, package READMEs)', () => {
    expect(files).toContain('docs/getting-started.md')
    expect(blocks.length).toBeGreaterThan(20)
  })

  it('states a reason for every block it does not type-check', () => {
    const unexplained = blocks.filter((b) => b.skip === '').map((b) => `${b.file}:${b.line}`)
    expect(unexplained, 'blocks marked skip-check without a reason').toEqual([])
  })

  it('has a prelude that type-checks', () => {
    expect(report(problems.filter((p) => p.where.startsWith('test/')))).toBe('')
  })

  it('reads each block with its first line and the reason it is skipped', () => {
    const md = [
      '# t',
      '```ts',
      'const a = 1',
      '```',
      '<!-- not type-checked: a fragment of a type -->',
      '```typescript',
      '  x: number',
      '```',
      '```ts skip-check',
      '```',
      '```sh',
      'pnpm test',
      '```',
    ].join('\n')
    expect(extractBlocks('x.md', md)).toEqual([
      { file: 'x.md', line: 3, code: 'const a = 1' },
      { file: 'x.md', line: 7, code: '  x: number', skip: 'a fragment of a type' },
      { file: 'x.md', line: 10, code: '', skip: '' },
    ])
  })

  for (const file of files) {
    const pending = PENDING[file]
    const count = problemsIn(file).length
    if (pending && count > 0) it.skip(`${file} type-checks (skipped: ${pending}; ${count} errors)`, () => {})
    else
      it(`${file} type-checks`, () => {
        expect(report(problemsIn(file)), `type errors in ${file}'s code blocks`).toBe('')
      })
  }
})
