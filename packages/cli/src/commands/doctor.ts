/**
 * `wismo doctor --config <file>`: is this config ready to serve? Each check says ok, warn, fail
 * or skip (not applicable, or not checkable from here, and why). Sends no traffic to carriers or
 * providers: only the store (and the database given as `doctor.postgres`) is called.
 */
import { isWismoError, type Wismo } from '@wismo/core'
import { CONFIG_OPTION, type Command, JSON_OPTION, oneLine } from './command.ts'
import { configPath, importConfig } from './config-file.ts'
import {
  type Check,
  carriersCheck,
  clockCheck,
  type DoctorExport,
  DoctorExportSchema,
  failed,
  migrationsCheck,
  notificationsCheck,
  storeCheck,
} from './doctor-checks.ts'
import { parseServeConfig } from './serve-config.ts'

const LATER = ['store', 'migrations', 'clock', 'carriers', 'notifications'] as const

export const doctorCommand: Command = {
  summary:
    'check a config: it parses, the store answers and is migrated, clocks agree, carriers and notifications',
  options: { config: CONFIG_OPTION, json: JSON_OPTION },
  examples: ['--config wismo.config.ts', '--config wismo.config.ts --json'],
  exitCodes: {
    0: 'no check failed (warnings allowed)',
    1: 'at least one check failed (each names its code)',
  },
  async run(values, _positionals, io) {
    const file = configPath(values)
    const checks = await diagnose(file)
    const ok = !checks.some((c) => c.status === 'fail')
    io.out(values.json ? `${JSON.stringify({ config: file, ok, checks })}\n` : report(file, checks))
    return ok ? 0 : 1
  },
}

/** Every check, in order. A config that does not load fails `config` and skips the rest. */
async function diagnose(file: string): Promise<Check[]> {
  let wismo: Wismo
  let extra: DoctorExport
  let close: (() => unknown) | undefined
  try {
    const loaded = await importConfig(file)
    const config = parseServeConfig(loaded.default)
    extra = DoctorExportSchema.parse(loaded.doctor ?? {})
    wismo = config.wismo
    close = config.close
  } catch (e) {
    // No file at that path is a bad argument (exit 2), not a check that failed.
    if (isWismoError(e, 'INPUT_INVALID')) throw e
    const skipped = LATER.map((name): Check => ({ name, status: 'skip', message: 'not checked: no config' }))
    return [failed('config', e, 'CONFIG_INVALID'), ...skipped]
  }
  try {
    // Read the schema version before the store's first call, which may migrate it.
    const early = extra.postgres ? await migrationsCheck(wismo, extra, undefined) : undefined
    const store = await storeCheck(wismo)
    return [
      { name: 'config', status: 'ok', message: `${file} parses` },
      store,
      early ?? (await migrationsCheck(wismo, extra, store)),
      await clockCheck(wismo, extra),
      carriersCheck(wismo),
      notificationsCheck(wismo),
    ]
  } finally {
    await wismo.store.close().catch(() => {})
    await close?.()
  }
}

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const

function report(file: string, checks: Check[]): string {
  const lines = checks.map(
    (c) => `  ${MARK[c.status]}  ${c.name.padEnd(13)} ${oneLine(c.message)}${c.code ? ` (${c.code})` : ''}`,
  )
  const verdict = checks.some((c) => c.status === 'fail') ? 'problems found' : 'ready'
  return `wismo doctor ${file}: ${verdict}\n${lines.join('\n')}\n`
}
