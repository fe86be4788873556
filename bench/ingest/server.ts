/**
 * One HTTP target of the ingest bench, run as its own process (the load comes from another):
 *   node --conditions=@wismo/source bench/ingest/server.ts --target bare|naive|naive-sqlite|memory|sqlite|postgres
 *     [--db file.db] [--synchronous FULL|NORMAL] [--pg-url URL --schema name] [--workers N]
 * A PostgreSQL schema must be migrated by the caller. Prints `ready <port>` once every worker listens; stops on SIGTERM. `bare` reads the body and
 * answers 200; `naive` and `naive-sqlite` are the hand-written endpoint of naive.ts; the others serve `/webhooks/sandbox` through `@wismo/mount-node`.
 */
import cluster from 'node:cluster'
import { createServer, type RequestListener } from 'node:http'
import { parseArgs } from 'node:util'
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import { createWismo, memoryStore, type WismoStore } from '../../packages/core/src/index.ts'
import { nodeWebhookListener } from '../../packages/mount-node/src/index.ts'
import { postgresStore } from '../../packages/store-postgres/src/index.ts'
import { pg } from '../../packages/store-postgres/test/clients.ts'
import { sqliteStore } from '../../packages/store-sqlite/src/index.ts'
import { naiveMemory, naiveSqlite } from './naive.ts'
import { SANDBOX_SECRET } from './stream.ts'

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'bare' },
    db: { type: 'string' },
    'pg-url': { type: 'string' },
    schema: { type: 'string', default: 'wismo_bench' },
    workers: { type: 'string', default: '1' },
    synchronous: { type: 'string', default: 'FULL' },
  },
})
const workers = Number(args.workers)

const bare: RequestListener = (req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    Buffer.concat(chunks)
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
}

async function storeFor(target: string): Promise<{ store: WismoStore; end: () => Promise<void> }> {
  if (target === 'memory') return { store: memoryStore(), end: async () => {} }
  if (target === 'sqlite') return { store: sqliteStore({ path: args.db as string }), end: async () => {} }
  const pool = new pg.Pool({ connectionString: args['pg-url'], max: 10 })
  return {
    store: postgresStore({ client: pool, schema: args.schema, migrate: false }),
    end: () => pool.end(),
  }
}

async function listener(): Promise<{ listen: RequestListener; close: () => Promise<void> }> {
  if (args.target === 'bare') return { listen: bare, close: async () => {} }
  if (args.target === 'naive') return naiveMemory()
  if (args.target === 'naive-sqlite')
    return naiveSqlite(args.db as string, args.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL')
  const { store, end } = await storeFor(args.target as string)
  // A long tolerance: the load side signs all messages before the run, which may last minutes.
  const carrier = sandboxCarrier({ seed: 1, webhookSecret: SANDBOX_SECRET, webhookToleranceSeconds: 3600 })
  const wismo = createWismo({ store, carriers: [carrier] })
  const listen = nodeWebhookListener(wismo) as RequestListener
  const close = async () => {
    await store.close()
    await end()
  }
  return { listen, close }
}

async function serve(onListening: (port: number) => void): Promise<void> {
  const { listen, close } = await listener()
  const server = createServer({ keepAlive: true }, listen)
  server.listen(0, '127.0.0.1', () => onListening((server.address() as { port: number }).port))
  process.on('SIGTERM', () => {
    server.close()
    server.closeAllConnections()
    void close().finally(() => process.exit(0))
  })
}

if (workers <= 1) await serve((port) => console.log(`ready ${port}`))
else if (cluster.isPrimary) {
  let listening = 0
  for (let i = 0; i < workers; i++) cluster.fork()
  cluster.on('listening', (_worker, address) => {
    if (++listening === workers) console.log(`ready ${address.port}`)
  })
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
    setTimeout(() => process.exit(0), 2000).unref()
  })
} else await serve(() => {})
