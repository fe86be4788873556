import { existsSync, readFileSync } from 'node:fs'

/**
 * karrio's recorded carrier responses (karrioapi/karrio @ deea10f, LGPL-3.0), read where the
 * project's third-party data lives (`../shared/data` beside the repository), never copied into it.
 * On a fresh clone without that folder the real-world table is skipped, saying why; CI has it.
 */
const KARRIO = new URL('../../../../shared/data/karrio/', import.meta.url)

export const karrioAvailable = existsSync(KARRIO)
if (!karrioAvailable)
  console.warn(
    '[carrier-ups] skipping the karrio real-world table: ../shared/data/karrio is absent (CI has it)',
  )

/** A karrio file as JSON, by its path under `karrio/` (`responses/…`, `schema_samples/…`). */
export function karrio<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, KARRIO), 'utf8')) as T
}
