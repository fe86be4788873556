import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { capture } from './capture.ts'

const COMMANDS: Record<string, readonly string[]> = {
  demo: ['--seed <n>', '--shipments <n>', '--db <file>', '--log-level <level>', '--serve', '--exit'],
  detect: ['--json'],
  doctor: ['--config <file>', '--json'],
  migrate: ['--sqlite <file>', '--create', '--postgres <url>', '--schema <name>', '--json'],
  replay: ['--config <file>', '--json'],
  serve: ['--config <file>'],
  track: ['--json'],
}

describe('wismo <command> --help', () => {
  it.each(Object.entries(COMMANDS))(
    '%s: synopsis, every option described, an example, exit codes',
    async (name, flags) => {
      const c = capture()
      expect(await runCli([name, '--help'], c.io)).toBe(0)
      const help = c.out()
      expect(help).toMatch(new RegExp(`^wismo ${name}: \\S.*\\n\\nUsage: wismo ${name}`))
      // Each option on its own line, followed by a description.
      for (const flag of [...flags, '--help'])
        expect(help).toMatch(new RegExp(`\\n {2}${flag.replace(/[<>]/g, '.')} +\\w.{8,}`))
      expect(help).toMatch(new RegExp(`Examples:\\n {2}wismo ${name} \\S`))
      expect(help).toMatch(/Exit codes:\n {2}0 {2}\S.*\n {2}1 {2}\S.*\n {2}2 {2}\S/)
      expect(c.err()).toBe('')
    },
  )

  it('shows defaults where an option has one', async () => {
    const c = capture()
    await runCli(['migrate', '--help'], c.io)
    expect(c.out()).toMatch(/--schema <name> +with --postgres: the schema \(default: wismo\)/)
    expect(c.out()).toMatch(/Usage: wismo migrate \[options\]/)
  })

  it('names positional arguments in the synopsis', async () => {
    const c = capture()
    await runCli(['track', '--help'], c.io)
    expect(c.out()).toMatch(/Usage: wismo track <carrier> <tracking number> \[options\]/)
    expect(c.out()).toMatch(/ {2}2 {2}bad arguments, or a credential is missing: UPS_CLIENT_ID/)
  })

  it('lists every command in the general usage', async () => {
    const c = capture()
    expect(await runCli(['--help'], c.io)).toBe(0)
    for (const name of Object.keys(COMMANDS)) expect(c.out()).toMatch(new RegExp(`\\n {2}${name} +\\w`))
  })
})

describe('--json', () => {
  it('detect prints one object with the results', async () => {
    const c = capture()
    expect(await runCli(['detect', '1Z5R89390357567127', '--json'], c.io)).toBe(0)
    const { results } = JSON.parse(c.out())
    expect(results[0]).toMatchObject({ trackingNumber: '1Z5R89390357567127' })
    expect(results[0].candidates[0]).toMatchObject({ carrier: 'ups' })
  })

  it('migrate prints the target and the versions', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'wismo-help-')), 'm.sqlite')
    const c = capture()
    expect(await runCli(['migrate', '--sqlite', db, '--create', '--json'], c.io)).toBe(0)
    const outcome = JSON.parse(c.out())
    expect(outcome).toMatchObject({ target: `sqlite ${db}`, from: 0 })
    expect(outcome.applied.at(-1)).toBe(outcome.to)
  })

  it.each([
    [['detect', '--json'], 'INPUT_INVALID'],
    [['detect', '--json', '--colour'], 'CLI_ARGS_INVALID'],
    [['track', 'nowhere', '123', '--json'], 'INPUT_INVALID'],
    [['migrate', '--json'], 'INPUT_INVALID'],
    [['migrate', '--sqlite', '/nonexistent/x.sqlite', '--json'], 'INPUT_INVALID'],
  ])('%j: the error as JSON on stderr, exit 2, nothing on stdout', async (args, code) => {
    const c = capture()
    expect(await runCli(args, c.io)).toBe(2)
    expect(c.out()).toBe('')
    const { error } = JSON.parse(c.err())
    expect(error.code).toBe(code)
    expect(error.message).toEqual(expect.any(String))
  })

  it('a failure other than bad input exits 1 with its code', async () => {
    const c = capture()
    const url = 'postgres://wismo:hunter2@127.0.0.1:9/wismo'
    expect(await runCli(['migrate', '--postgres', url, '--json'], c.io)).toBe(1)
    const { error } = JSON.parse(c.err())
    expect(error.code).toBe('STORE_UNAVAILABLE')
    expect(c.err()).not.toContain('hunter2')
  })
})
