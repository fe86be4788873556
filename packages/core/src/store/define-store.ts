import { z } from 'zod'
import { parseOptions } from '../define/options.ts'
import { wrapMethods } from '../define/wrap.ts'
import { type Logger, noopLogger } from '../logger.ts'
import type { WismoStore } from './contract.ts'

/** What a store's `setup` receives besides its options. */
export interface StoreContext {
  log: Logger
}

/** A store definition: an id, an options schema and a setup function. */
export interface StoreDefinition<S extends z.ZodType, T extends WismoStore> {
  id: string
  options?: S
  setup: (options: z.output<S>, context: StoreContext) => T
}

/**
 * Define a store adapter. The returned factory validates options once (all problems in one
 * `CONFIG_INVALID`), and wraps every method so unexpected throws become `STORE_FAILED`.
 * @example
 * export const myStore = defineStore({ id: 'my', options: z.object({ url: z.string() }), setup: (o) => ({ ... }) })
 */
export function defineStore<S extends z.ZodType = z.ZodType, T extends WismoStore = WismoStore>(
  definition: StoreDefinition<S, T>,
): (options?: z.input<S>, context?: Partial<StoreContext>) => T {
  const schema = (definition.options ?? z.object({}).strict()) as S
  return (input, context = {}) => {
    const options = parseOptions(schema, input, `store "${definition.id}"`)
    const log = context.log ?? noopLogger
    return wrapMethods(definition.setup(options, { log }), 'STORE_FAILED', `store "${definition.id}"`)
  }
}
