import { parseArgs } from 'node:util'
import { isWismoError, WismoError } from '@wismo/core'
import { demoCommand } from './commands/demo.ts'
import { detectCommand } from './commands/detect.ts'
import { migrateCommand } from './commands/migrate.ts'
import { serveCommand } from './commands/serve.ts'
import { trackCommand } from './commands/track.ts'

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
}

interface Command {
  summary: string
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options']
  run: (values: Record<string, unknown>, positionals: string[], io: Io) => Promise<void>
}

/** The commands: data, so `help` and argument checking read from one table. */
const COMMANDS: Record<string, Command> = {
  demo: demoCommand,
  detect: detectCommand,
  migrate: migrateCommand,
  serve: serveCommand,
  track: trackCommand,
}

const USAGE = `Usage: wismo <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run "wismo <command> --help" for a command's options.
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
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (e) {
    io.err(`wismo ${name}: ${(e as Error).message} (CLI_ARGS_INVALID)\n`)
    return 2
  }
  if (parsed.values.help) {
    io.out(
      `wismo ${name}: ${command.summary}\nOptions: ${
        Object.keys(command.options ?? {})
          .map((o) => `--${o}`)
          .join(', ') || 'none'
      }\n`,
    )
    return 0
  }
  try {
    await command.run(parsed.values, parsed.positionals, io)
    return 0
  } catch (e) {
    if (isWismoError(e)) {
      io.err(`wismo ${name}: ${e.message} (${e.code})\n`)
      return e.code === 'INPUT_INVALID' ? 2 : 1
    }
    io.err(`wismo ${name}: unexpected failure: ${(e as Error)?.stack ?? String(e)}\n`)
    return 1
  }
}

/** Read a non-negative integer option, or fail with INPUT_INVALID naming it. */
export function intOption(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  max: number,
): number {
  const raw = values[name]
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new WismoError(
      'INPUT_INVALID',
      `--${name} must be a whole number from 0 to ${max}, got "${String(raw)}"`,
    )
  return n
}
