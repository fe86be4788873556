import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { pgliteBridge } from '../../store-postgres/test/failover-scale-out/pglite-bridge.ts'
import { runCli } from '../src/cli.ts'
import { capture } from './capture.ts'

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name)

const doctor = async (config: string, ...extra: string[]) => {
  const c = capture()
  const code = await runCli(['doctor', '--config', config, ...extra], c.io)
  return { code, out: c.out(), err: c.err() }
}

/** A loopback port nothing listens on: bound, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

describe('wismo doctor', () => {
  it('finds a good SQLite config ready: every check ok or not applicable', async () => {
    // The config reads its database path when imported, which runCli does.
    process.env.WISMO_DOCTOR_DB = join(mkdtempSync(join(tmpdir(), 'wismo-doctor-')), 'doctor.sqlite')
    delete process.env.WISMO_DOCTOR_PG
    const json = await doctor(fixture('doctor.config.ts'), '--json')
    expect(json.code).toBe(0)
    const report = JSON.parse(json.out)
    expect(report.ok).toBe(true)
    expect(report.checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['config', 'ok'],
      ['store', 'ok'],
      ['migrations', 'ok'],
      ['clock', 'skip'],
      ['carriers', 'ok'],
      ['notifications', 'ok'],
    ])
    expect(report.checks[4].message).toMatch(
      /sandbox \(track\+webhooks, breaker closed\); credentials not checked/,
    )
    expect(report.checks[5].message).toBe('channels: email; triggers: delivered')

    const text = await doctor(fixture('doctor.config.ts'))
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/: ready\n {2}ok {4}config/)
    expect(text.out).toMatch(/ {2}ok {4}store {9}sqlite store answers \(outbox depth 0\)/)
  })

  it('on PostgreSQL reads the schema version before the store migrates it, and the database clock', async () => {
    const server = process.env.WISMO_TEST_PG_URL
    const bridge = server ? null : await pgliteBridge()
    const url = server ?? (bridge as { url: string }).url
    const schema = `wismo_doctor_${process.pid}_${Date.now()}`
    process.env.WISMO_DOCTOR_PG = url
    process.env.WISMO_DOCTOR_SCHEMA = schema
    const statusOf = (out: string) =>
      Object.fromEntries(
        JSON.parse(out).checks.map((c: { name: string; status: string; message: string }) => [
          c.name,
          [c.status, c.message],
        ]),
      )
    try {
      const fresh = await doctor(fixture('doctor.config.ts'), '--json')
      expect(fresh.code).toBe(0)
      const first = statusOf(fresh.out)
      expect(first.migrations).toEqual([
        'warn',
        expect.stringMatching(/at version 0, this code needs \d+: run `wismo migrate`/),
      ])
      // The store answered, and migrated on its first use as configured.
      expect(first.store[0]).toBe('ok')
      expect(first.clock).toEqual([
        'ok',
        expect.stringMatching(/^database clock [+-]\d+ ms from this machine's$/),
      ])
      const again = statusOf((await doctor(fixture('doctor.config.ts'), '--json')).out)
      expect(again.migrations).toEqual([
        'ok',
        expect.stringMatching(/^schema "wismo_doctor_\w+" at version \d+$/),
      ])
    } finally {
      delete process.env.WISMO_DOCTOR_PG
      delete process.env.WISMO_DOCTOR_SCHEMA
      const pool = new pg.Pool({ connectionString: url, max: 1 })
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await pool.end()
      await bridge?.close()
    }
  }, 60_000)

  it('fails an unreachable PostgreSQL store with its code, and exits 1', async () => {
    process.env.WISMO_DOCTOR_PG = `postgres://wismo@127.0.0.1:${await closedPort()}/wismo`
    try {
      const { code, out } = await doctor(fixture('doctor.config.ts'), '--json')
      expect(code).toBe(1)
      const report = JSON.parse(out)
      expect(report.ok).toBe(false)
      const byName = Object.fromEntries(report.checks.map((c: { name: string }) => [c.name, c]))
      expect(byName.config).toMatchObject({ status: 'ok' })
      expect(byName.store).toMatchObject({ status: 'fail', code: 'STORE_UNAVAILABLE' })
      expect(byName.migrations).toMatchObject({ status: 'fail', code: 'STORE_UNAVAILABLE' })
      expect(byName.clock).toMatchObject({ status: 'fail', code: 'STORE_UNAVAILABLE' })
      const text = await doctor(fixture('doctor.config.ts'))
      expect(text.code).toBe(1)
      expect(text.out).toMatch(/: problems found\n/)
      expect(text.out).toMatch(/ {2}FAIL {2}store .*\(STORE_UNAVAILABLE\)/)
    } finally {
      delete process.env.WISMO_DOCTOR_PG
    }
  }, 30_000)

  it('lists every problem of a config that does not parse, skipping the rest', async () => {
    const { code, out } = await doctor(fixture('invalid.config.ts'), '--json')
    expect(code).toBe(1)
    const [config, ...rest] = JSON.parse(out).checks
    expect(config).toMatchObject({ name: 'config', status: 'fail', code: 'CONFIG_INVALID' })
    expect(config.message).toMatch(/wismo/)
    expect(config.message).toMatch(/port/)
    expect(config.message).toMatch(/host/)
    expect(rest.every((c: { status: string }) => c.status === 'skip')).toBe(true)
  })

  it('refuses a missing config file with exit 2', async () => {
    const { code, err } = await doctor('/nonexistent/wismo.config.ts', '--json')
    expect(code).toBe(2)
    expect(JSON.parse(err).error.code).toBe('INPUT_INVALID')
  })
})
