/**
 * The PostgreSQL stand-in for a machine without a server: one PGlite (in this process) reachable
 * by other processes over loopback TCP in the PostgreSQL wire protocol, so the worker processes
 * connect with `pg` exactly as they would to a real server.
 *
 * PGlite is one backend session, so the bridge lends it to one client connection at a time: a
 * connection holds it from its first message until a ReadyForQuery says it is idle again (not in a
 * transaction), which keeps every transaction whole; statements of other connections wait their
 * turn in order. The startup handshake is answered here (no authentication). Named prepared
 * statements (the store prepares its statements on a `pg.Pool`) get a per-connection prefix, so
 * each connection sees only its own, as on a real server, and are deallocated when it closes.
 * Session settings would leak between connections; the store uses none.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { PGlite } from '../clients.ts'

const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104
const CANCEL_REQUEST = 80877102

export interface PgliteBridge {
  url: string
  close(): Promise<void>
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5)
  head.write(type, 0, 'latin1')
  head.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([head, body])
}
const int32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length)
  for (const [i, v] of values.entries()) b.writeInt32BE(v, 4 * i)
  return b
}
const cstrings = (...values: string[]) => Buffer.from(values.map((v) => `${v}\0`).join(''), 'utf8')

const PARAMETERS: Record<string, string> = {
  server_version: '17.0',
  server_encoding: 'UTF8',
  client_encoding: 'UTF8',
  DateStyle: 'ISO, MDY',
  TimeZone: 'UTC',
  integer_datetimes: 'on',
  standard_conforming_strings: 'on',
}

/** The status byte of the last ReadyForQuery in a backend response, or null if it has none. */
function lastReadyStatus(response: Uint8Array): string | null {
  const b = Buffer.from(response.buffer, response.byteOffset, response.byteLength)
  let status: string | null = null
  for (let at = 0; at + 5 <= b.length; at += 1 + b.readInt32BE(at + 1)) {
    if (b[at] === 0x5a) status = String.fromCharCode(b[at + 5] ?? 0)
  }
  return status
}

/** Read a NUL-terminated string at `at`: the string and the offset after its NUL. */
function cstringAt(b: Buffer, at: number): [string, number] {
  const end = b.indexOf(0, at)
  return [b.toString('utf8', at, end), end + 1]
}

/**
 * The frontend message with its prepared statement's name (if any) prefixed: Parse (`P`) names it
 * first, Bind (`B`) after the portal, Describe and Close (`D`, `C`) after an `S`. Returns the
 * message, and the name it now carries when it was a Parse.
 */
export function prefixStatement(one: Buffer, prefix: string): { message: Buffer; parsed: string | null } {
  const type = String.fromCharCode(one[0] ?? 0)
  let at: number
  if (type === 'P') at = 5
  else if (type === 'B') at = cstringAt(one, 5)[1]
  else if ((type === 'D' || type === 'C') && one[5] === 0x53) at = 6
  else return { message: one, parsed: null }
  const [name, after] = cstringAt(one, at)
  if (name === '') return { message: one, parsed: null }
  const body = Buffer.concat([one.subarray(5, at), cstrings(`${prefix}${name}`), one.subarray(after)])
  return { message: message(type, body), parsed: type === 'P' ? `${prefix}${name}` : null }
}

export async function pgliteBridge(): Promise<PgliteBridge> {
  const db = await PGlite.create()
  await db.query('SELECT 1')
  let owner: Socket | null = null
  const waiting: { socket: Socket; go: () => void }[] = []
  const sockets = new Set<Socket>()

  const acquire = (socket: Socket) =>
    new Promise<void>((resolve) => {
      if (owner === null || owner === socket) {
        owner = socket
        return resolve()
      }
      waiting.push({ socket, go: resolve })
    })
  const release = (socket: Socket) => {
    if (owner !== socket) return
    owner = null
    const next = waiting.shift()
    if (next) {
      owner = next.socket
      next.go()
    }
  }
  /** Run a batch of frontend messages for `socket` and answer it; keep the backend while not idle. */
  const run = async (socket: Socket, batch: Buffer) => {
    await acquire(socket)
    const response = await db.execProtocolRaw(new Uint8Array(batch), { syncToFs: false })
    if (!socket.destroyed) socket.write(response)
    if (lastReadyStatus(response) === 'I') release(socket)
  }
  /** A connection gone: roll back what it left open, drop the statements it prepared. */
  const abandon = async (socket: Socket, prepared: ReadonlySet<string>) => {
    const queued = waiting.findIndex((w) => w.socket === socket)
    if (queued >= 0) waiting.splice(queued, 1)
    if (owner === socket)
      await db.execProtocolRaw(new Uint8Array(message('Q', cstrings('ROLLBACK'))), { syncToFs: false })
    if (prepared.size > 0) {
      await acquire(socket)
      const drop = [...prepared].map((name) => `DEALLOCATE "${name}";`).join(' ')
      await db.execProtocolRaw(new Uint8Array(message('Q', cstrings(drop))), { syncToFs: false })
    }
    release(socket)
  }
  let connections = 0

  const server: Server = createServer((socket) => {
    sockets.add(socket)
    let buffer = Buffer.alloc(0)
    let started = false
    let pending: Buffer[] = []
    let chain = Promise.resolve()
    const prefix = `c${++connections}_`
    const prepared = new Set<string>()
    const fail = (e: unknown) => {
      console.error(`[pglite-bridge] ${e instanceof Error ? e.stack : String(e)}`)
      socket.destroy()
    }
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return
          const length = buffer.readInt32BE(0)
          if (buffer.length < length) return
          const code = buffer.readInt32BE(4)
          buffer = buffer.subarray(length)
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N')
            continue
          }
          if (code === CANCEL_REQUEST) return void socket.end()
          started = true
          const params = Object.entries(PARAMETERS).map(([k, v]) => message('S', cstrings(k, v)))
          socket.write(
            Buffer.concat([
              message('R', int32(0)),
              ...params,
              message('K', int32(process.pid, sockets.size)),
              message('Z', Buffer.from('I')),
            ]),
          )
          continue
        }
        if (buffer.length < 5) return
        const length = buffer.readInt32BE(1)
        if (buffer.length < 1 + length) return
        const one = buffer.subarray(0, 1 + length)
        buffer = buffer.subarray(1 + length)
        const type = String.fromCharCode(one[0] ?? 0)
        if (type === 'X') {
          socket.end()
          return
        }
        const renamed = prefixStatement(one, prefix)
        if (renamed.parsed) prepared.add(renamed.parsed)
        pending.push(renamed.message)
        // Hand the backend whole exchanges: up to a Sync, a simple Query or a Flush.
        if (type === 'S' || type === 'Q' || type === 'H') {
          const batch = Buffer.concat(pending)
          pending = []
          chain = chain.then(() => run(socket, batch)).catch(fail)
        }
      }
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      sockets.delete(socket)
      chain = chain.then(() => abandon(socket, prepared)).catch(fail)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await db.close()
    },
  }
}
