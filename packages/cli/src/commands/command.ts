import { WismoError } from '@wismo/core'
import type { Io } from '../cli.ts'

/** One option of a command: how it parses and what `--help` says about it. */
export interface OptionSpec {
  type: 'string' | 'boolean'
  /** One line for `--help`. */
  description: string
  /** The default, as `--help` shows it (omit when there is none). */
  default?: string
  /** The value's placeholder in `--help` (`<file>`). */
  value?: string
}

/** A CLI command as data: parsing, `--help` and the command's work all read this one record. */
export interface Command {
  summary: string
  /** Positional arguments as `--help` shows them after the name (`<carrier> <number>`). */
  args?: string
  options: Record<string, OptionSpec>
  /** One or more example invocations, without the leading `wismo`. */
  examples: readonly string[]
  /** Exit codes beyond the common 0/1/2, or a sharper meaning of them. */
  exitCodes?: Readonly<Record<number, string>>
  /** Resolves with an exit code when the command decides one (replay with failed lines: 1). */
  run: (values: Record<string, unknown>, positionals: string[], io: Io) => Promise<number | undefined | void>
}

/** The `--json` option every scriptable command takes. */
export const JSON_OPTION: OptionSpec = {
  type: 'boolean',
  description: 'print one JSON object on stdout; errors as {"error":{"code","message"}} on stderr',
}

/** The `--config` option of commands that load a `wismo serve` config file. */
export const CONFIG_OPTION: OptionSpec = {
  type: 'string',
  value: '<file>',
  description: 'the config file whose default export holds the Wismo instance (as for `wismo serve`)',
  default: 'wismo.config.ts',
}

const EXIT_CODES: Readonly<Record<number, string>> = {
  0: 'success',
  1: 'failure (the message ends with its error code)',
  2: 'bad arguments or input (CLI_ARGS_INVALID, INPUT_INVALID)',
}

/** The `--help` text of a command: synopsis, options with defaults, examples, exit codes. */
export function helpText(name: string, command: Command): string {
  const options = Object.entries(command.options).map(([key, o]) => {
    const flag = `--${key}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`
    const fallback = o.default !== undefined ? ` (default: ${o.default})` : ''
    return `  ${flag.padEnd(24)} ${o.description}${fallback}`
  })
  options.push(`  ${'--help'.padEnd(24)} show this help`)
  const codes = { ...EXIT_CODES, ...command.exitCodes }
  return [
    `wismo ${name}: ${command.summary}`,
    '',
    `Usage: wismo ${name}${command.args ? ` ${command.args}` : ''}${Object.keys(command.options).length ? ' [options]' : ''}`,
    '',
    'Options:',
    ...options,
    '',
    'Examples:',
    ...command.examples.map((e) => `  wismo ${name} ${e}`),
    '',
    'Exit codes:',
    ...Object.entries(codes).map(([code, meaning]) => `  ${code}  ${meaning}`),
    '',
  ].join('\n')
}

/** `parseArgs` options from the command's option table. */
export function argsOptions(options: Record<string, OptionSpec>) {
  return Object.fromEntries(Object.entries(options).map(([key, o]) => [key, { type: o.type }]))
}

/** A message listing several problems (one per line, as zod reports them), on one line. */
export const oneLine = (message: string) => message.replace(/:?\s*\n-?\s*/g, '; ')

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
