/**
 * What a `wismo.config.ts` exports for `wismo serve`: the instance and how to serve it. Checked
 * with zod so every problem is listed at once (`CONFIG_INVALID`).
 */
import { parseOptions, RuntimeOptionsSchema, type Wismo } from '@wismo/core'
import { z } from 'zod'

const path = z.string().regex(/^\/[A-Za-z0-9._~\-/]*$/, 'expected a path such as /webhooks')

export const ServeConfigSchema = z
  .object({
    /** The instance to serve, made with `createWismo` (its store, carriers, notifications, links). */
    wismo: z.custom<Wismo>(
      (v) => typeof v === 'object' && v !== null && 'webhooks' in v && 'start' in v && 'health' in v,
      'expected a Wismo instance (createWismo(...))',
    ),
    port: z.number().int().min(0).max(65_535).default(3000),
    host: z.string().min(1).default('127.0.0.1'),
    /** Where carriers and providers POST: `<basePath>/<carrier or notifier id>`. */
    webhooks: z
      .object({ basePath: path.default('/webhooks') })
      .strict()
      .default({ basePath: '/webhooks' }),
    /** Liveness and readiness paths (`wismo.health.live` / `.ready`). */
    health: z
      .object({ live: path.default('/healthz'), ready: path.default('/readyz') })
      .strict()
      .default({ live: '/healthz', ready: '/readyz' }),
    /**
     * The customer's tracking page (`@wismo/tracking-page` options, e.g. `{ shop: { name } }`);
     * needs that package installed and `trackingLinks` on the instance. `false` or absent: none.
     */
    trackingPage: z.union([z.literal(false), z.record(z.string(), z.unknown())]).default(false),
    /**
     * The ops dashboard (`@wismo/dashboard` options: `authorize` is required, e.g.
     * `{ basePath: '/ops', authorize }`). `false` or absent: none.
     */
    dashboard: z.union([z.literal(false), z.record(z.string(), z.unknown())]).default(false),
    /** `wismo.start` options (cadences, `dispatch`, `workerId`); `false`: serve without workers. */
    runtime: z.union([z.literal(false), RuntimeOptionsSchema.partial().passthrough()]).default({}),
    /** How long `SIGTERM` waits for work in flight before giving back the leases (default 10 s). */
    shutdownTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
    /** Called last on shutdown, after the store is closed: close what the config opened (a `pg` pool). */
    close: z.custom<() => unknown>((v) => typeof v === 'function', 'expected a function').optional(),
  })
  .strict()

export type ServeConfig = z.input<typeof ServeConfigSchema>

/**
 * Type the config file's default export.
 * @example export default defineServeConfig({ wismo: createWismo({ carriers, store }), port: 3000 })
 */
export function defineServeConfig(config: ServeConfig): ServeConfig {
  return config
}

export function parseServeConfig(config: unknown): z.output<typeof ServeConfigSchema> {
  return parseOptions(ServeConfigSchema, config, 'wismo serve config')
}
