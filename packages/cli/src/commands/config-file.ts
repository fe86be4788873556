import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isWismoError, WismoError } from '@wismo/core'

/** A config file's module: its default export (checked by the caller) and its named exports. */
export type ConfigModule = { default?: unknown } & Record<string, unknown>

let loads = 0

/** The path of `--config`, default `wismo.config.ts`, resolved against the working folder. */
export function configPath(values: Record<string, unknown>): string {
  return resolve(typeof values.config === 'string' ? values.config : 'wismo.config.ts')
}

/**
 * Import a config file as `wismo serve` does. A missing file is `INPUT_INVALID`; a file that
 * throws while loading keeps its code when it has one, else is `CONFIG_INVALID` with its message.
 */
export async function importConfig(file: string): Promise<ConfigModule> {
  if (!existsSync(file))
    throw new WismoError('INPUT_INVALID', `no config file at ${file} (pass --config <file>)`)
  try {
    // A fresh module per load: a config holds an open store, and a second run in the same
    // process (tests, a host calling runCli twice) must not get the first run's closed one.
    return (await import(`${pathToFileURL(file).href}?load=${++loads}`)) as ConfigModule
  } catch (cause) {
    // A coded failure while loading (a store refusing its file) keeps its code.
    if (isWismoError(cause)) throw cause
    const code = (cause as { code?: string }).code
    throw new WismoError(
      'CONFIG_INVALID',
      `the config file ${file} failed to load: ${(cause as Error)?.message ?? String(cause)}${code ? ` (${code})` : ''}`,
      { cause },
    )
  }
}
