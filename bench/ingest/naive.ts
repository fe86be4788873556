/**
 * The naive path, a second yardstick for the HTTP runs: what a hand-written webhook endpoint does
 * at the least. It reads the body, checks the Standard Webhooks signature (node:crypto HMAC, key
 * decoded once, constant-time compare), runs `JSON.parse` and the sandbox carrier's own zod body
 * schema, and stores the parsed body once: in a `Map` (`naive`), or as one row, one transaction
 * a request, in SQLite in WAL mode (`naive-sqlite`, with `synchronous` FULL or NORMAL). There is no
 * freshness window, replay guard, dedup, state, history, ETA, outbox or archive. Wismo's path
 * does all of those. So the gap between the two rows is what those cost, on the same machine in
 * the same run.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { SandboxWebhookSchema } from '../../packages/carrier-sandbox/src/schema.ts'
import { openRawSqlite } from './raw-sqlite.ts'
import { SANDBOX_SECRET } from './stream.ts'

const key = Buffer.from(SANDBOX_SECRET.replace(/^whsec_/, ''), 'base64')

function signedBy(req: IncomingMessage, body: Buffer): boolean {
  const id = req.headers['webhook-id']
  const timestamp = req.headers['webhook-timestamp']
  const given = String(req.headers['webhook-signature'] ?? '')
  if (typeof id !== 'string' || typeof timestamp !== 'string') return false
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest()
  return given.split(' ').some((part) => {
    const sig = Buffer.from(part.slice(part.indexOf(',') + 1), 'base64')
    return sig.length === mac.length && timingSafeEqual(sig, mac)
  })
}

const answer = (res: ServerResponse, status: number) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"ok":true}' : '{}')

/** The naive listener; `write` keeps one parsed body under its message id. */
function naiveListener(write: (id: string, parsed: unknown, body: Buffer) => void): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (!signedBy(req, body)) return answer(res, 401)
      let json: unknown
      try {
        json = JSON.parse(body.toString('utf8'))
      } catch {
        return answer(res, 400)
      }
      const parsed = SandboxWebhookSchema.safeParse(json)
      if (!parsed.success) return answer(res, 422)
      write(req.headers['webhook-id'] as string, parsed.data, body)
      answer(res, 200)
    })
  }
}

/** `naive`: the parsed body into a Map. */
export function naiveMemory(): { listen: RequestListener; close: () => Promise<void> } {
  const kept = new Map<string, unknown>()
  return { listen: naiveListener((id, parsed) => kept.set(id, parsed)), close: async () => {} }
}

/**
 * `naive-sqlite`: the body as one row, one transaction a request. With `FULL` each COMMIT syncs
 * the WAL before the answer (durable, as Wismo's stores are); with `NORMAL` it does not, so a
 * power loss can drop answered requests.
 */
export function naiveSqlite(
  path: string,
  synchronous: 'FULL' | 'NORMAL',
): { listen: RequestListener; close: () => Promise<void> } {
  const db = openRawSqlite(path)
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}`)
  db.exec('CREATE TABLE IF NOT EXISTS bodies (id TEXT PRIMARY KEY, tracking_number TEXT, body TEXT) STRICT')
  const insert = db.prepare('INSERT INTO bodies VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
  const listen = naiveListener((id, parsed, body) => {
    const number = (parsed as { data: { tracking_number: string } }).data.tracking_number
    insert.run(id, number, body.toString('utf8'))
  })
  return { listen, close: async () => db.close() }
}
