import { parseArgs } from 'node:util'
import { isWismoError } from '@wismo/core'
import { argsOptions, type Command, helpText } from './commands/command.ts'
import { demoCommand } from './commands/demo.ts'
import { detectCommand } from './commands/detect.ts'
import { doctorCommand } from './commands/doctor.ts'
import { migrateCommand } from './commands/migrate.ts'
import { replayCommand } from './commands/replay.ts'
import { serveCommand } from './commands/serve.ts'
import { trackCommand } from './commands/track.ts'

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
}

/** The commands: data, so `--help`, argument checking and the work read from one table. */
const COMMANDS: Record<string, Command> = {
  demo: {
    ...demoCommand,
    options: {
      seed: { type: 'string', value: '<n>', description: 'seed of the sandbox simulation', default: '42' },
      shipments: {
        type: 'string',
        value: '<n>',
        description: 'how many orders to ship (1-200)',
        default: '5',
      },
      db: { type: 'string', value: '<file>', description: 'SQLite file to keep', default: 'a new temp file' },
      'log-level': {
        type: 'string',
        value: '<level>',
        description: 'JSON log lines on stderr at debug|info|warn|error and above',
        default: 'warn',
      },
      serve: {
        type: 'boolean',
        description: 'keep serving the tracking pages after the run',
        default: 'when stdout is a terminal',
      },
      exit: { type: 'boolean', description: 'stop after the run even in a terminal' },
    },
    examples: ['--shipments 4 --seed 7 --db demo.sqlite --exit'],
  },
  detect: detectCommand,
  doctor: doctorCommand,
  migrate: migrateCommand,
  replay: replayCommand,
  serve: {
    ...serveCommand,
    options: {
      config: {
        type: 'string',
        value: '<file>',
        description: 'the config file (default export: defineServeConfig({ wismo, ... }))',
        default: 'wismo.config.ts',
      },
    },
    examples: ['--config wismo.config.ts'],
    exitCodes: { 0: 'stopped cleanly on SIGTERM or SIGINT' },
  },
  track: trackCommand,
}

const USAGE = `Usage: wismo <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run "wismo <command> --help" for a command's options, an example and its exit codes.
`

/**
 * Run the CLI with arguments; returns the exit code (0 ok, 1 failure, 2 bad arguments).
 * @example await runCli(['detect', '1Z5R89390357567127'], { out: console.log, err: console.error })
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help') {
    io.out(USAGE)
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    io.err(`wismo: unknown command "${name}" (CLI_ARGS_INVALID)\n\n${USAGE}`)
    return 2
  }
  const json = 'json' in command.options && rest.includes('--json')
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...argsOptions(command.options), help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (e) {
    return fail(io, name, json, 'CLI_ARGS_INVALID', (e as Error).message, 2)
  }
  if (parsed.values.help) {
    io.out(helpText(name, command))
    return 0
  }
  try {
    return (await command.run(parsed.values, parsed.positionals, io)) ?? 0
  } catch (e) {
    if (isWismoError(e)) return fail(io, name, json, e.code, e.message, e.code === 'INPUT_INVALID' ? 2 : 1)
    if (json) return fail(io, name, json, 'INTERNAL', (e as Error)?.message ?? String(e), 1)
    io.err(`wismo ${name}: unexpected failure: ${(e as Error)?.stack ?? String(e)}\n`)
    return 1
  }
}

/** Report a failure as text, or as `{ "error": { code, message } }` with `--json`; returns `exit`. */
function fail(io: Io, name: string, json: boolean, code: string, message: string, exit: number): number {
  io.err(json ? `${JSON.stringify({ error: { code, message } })}\n` : `wismo ${name}: ${message} (${code})\n`)
  return exit
}
