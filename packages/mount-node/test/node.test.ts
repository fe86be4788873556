import { createServer, type IncomingMessage, type RequestListener, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendHttp } from '@wismo/testing/mount'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeWebhookListener, sendWebResponse, toWebRequest, type WebhookHost } from '../src/index.ts'

let server: Server | null = null
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(null))
  server = null
})

async function listen(listener: RequestListener): Promise<string> {
  server = createServer(listener)
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A host whose handler records what it was given and answers with it. */
function recordingHost() {
  const seen: { url: string; carrier?: string; headers: Headers; body: string }[] = []
  const host: WebhookHost = {
    webhooks: {
      handle: async (req, opts) => {
        seen.push({ url: req.url, carrier: opts?.carrier, headers: req.headers, body: await req.text() })
        return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } })
      },
    },
  }
  return { host, seen }
}

/** Echo what toWebRequest produced. */
const echo =
  (trustProxy: boolean): RequestListener =>
  async (req, res) => {
    const web = toWebRequest(req, { trustProxy })
    await sendWebResponse(res, Response.json({ url: web.url, method: web.method, body: await web.text() }))
  }

describe('toWebRequest', () => {
  it('ignores x-forwarded-* unless trustProxy is set', async () => {
    const headers = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'shop.example, proxy.local',
      host: 'internal:8080',
    }
    const plain = await sendHttp(`${await listen(echo(false))}/webhooks/x?token=1`, {
      method: 'GET',
      headers,
    })
    expect(plain.json).toMatchObject({ url: 'http://internal:8080/webhooks/x?token=1' })
    await new Promise((resolve) => server?.close(resolve))
    const trusted = await sendHttp(`${await listen(echo(true))}/webhooks/x?token=1`, {
      method: 'GET',
      headers,
    })
    expect(trusted.json).toMatchObject({ url: 'https://shop.example/webhooks/x?token=1' })
  })

  it('falls back to localhost for a malformed Host header, keeping the path', async () => {
    const res = await sendHttp(`${await listen(echo(false))}/webhooks/x`, {
      method: 'GET',
      headers: { host: 'evil.example/?' },
    })
    expect(res.json).toMatchObject({ url: 'http://localhost/webhooks/x' })
  })

  it('streams the body: the handler sees the first chunk before the client has sent the rest', async () => {
    const base = await listen(async (req, res) => {
      const reader = toWebRequest(req).body?.getReader()
      const first = await reader?.read()
      await sendWebResponse(res, new Response(new TextDecoder().decode(first?.value)))
      await reader?.cancel()
    })
    const client = request(`${base}/`, { method: 'POST', agent: false })
    client.on('error', () => {})
    client.write('first chunk')
    // Resolves only if the server answered while the request body is still open.
    const res = await new Promise<IncomingMessage>((resolve) => client.on('response', resolve))
    const text = await new Promise<string>((resolve) => {
      let t = ''
      res.on('data', (c) => (t += c)).on('end', () => resolve(t))
    })
    expect(text).toBe('first chunk')
    client.destroy()
  })
})

describe('sendWebResponse', () => {
  it('keeps each set-cookie apart and streams the body', async () => {
    const base = await listen(async (_req, res) => {
      const headers = new Headers([
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        ['x-one', 'y'],
      ])
      const body = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('he'))
          c.enqueue(new TextEncoder().encode('llo'))
          c.close()
        },
      })
      await sendWebResponse(res, new Response(body, { status: 201, headers }))
    })
    const res = await sendHttp(base, { method: 'GET' })
    expect(res).toMatchObject({
      status: 201,
      text: 'hello',
      headers: { 'set-cookie': ['a=1', 'b=2'], 'x-one': 'y' },
    })
  })
})

describe('nodeWebhookListener', () => {
  it('routes <basePath>/<carrier> (decoded) and answers 404 elsewhere without calling the handler', async () => {
    const { host, seen } = recordingHost()
    const base = await listen(nodeWebhookListener(host, { basePath: '/hooks/' }))
    expect((await sendHttp(`${base}/hooks/acme%20co?x=1`, { body: 'abc' })).status).toBe(200)
    for (const path of ['/hooks', '/hooks/a/b', '/other/acme', '/hooksacme', '/hooks/%E0%A4%A'])
      expect((await sendHttp(`${base}${path}`, { body: 'x' })).json, path).toEqual({
        ok: false,
        error: 'WEBHOOK_ROUTE_UNKNOWN',
      })
    expect(seen).toEqual([
      expect.objectContaining({
        carrier: 'acme co',
        body: 'abc',
        url: expect.stringMatching(/\/hooks\/acme%20co\?x=1$/),
      }),
    ])
  })

  it('serves one fixed carrier at basePath itself', async () => {
    const { host, seen } = recordingHost()
    const base = await listen(nodeWebhookListener(host, { basePath: '/hooks/easypost', carrier: 'easypost' }))
    expect((await sendHttp(`${base}/hooks/easypost`, { body: '{}' })).status).toBe(200)
    expect((await sendHttp(`${base}/hooks/easypost/other`, { body: '{}' })).status).toBe(404)
    expect(seen.map((s) => s.carrier)).toEqual(['easypost'])
  })

  it('hands other paths to next() when used as middleware', async () => {
    const { host } = recordingHost()
    const listener = nodeWebhookListener(host)
    const base = await listen((req, res) => listener(req, res, () => res.writeHead(418).end()))
    expect((await sendHttp(`${base}/elsewhere`, { method: 'GET' })).status).toBe(418)
  })

  it('answers 405 to TRACE, which a Web Request cannot carry', async () => {
    const { host, seen } = recordingHost()
    const res = await sendHttp(`${await listen(nodeWebhookListener(host))}/webhooks/acme`, {
      method: 'TRACE',
    })
    expect(res).toMatchObject({
      status: 405,
      headers: { allow: 'POST' },
      json: { ok: false, error: 'WEBHOOK_METHOD_NOT_ALLOWED' },
    })
    expect(seen).toEqual([])
  })

  it('logs a handler that rejects, redacted, and answers 500 INTERNAL', async () => {
    const errors: unknown[] = []
    const failure = new Error('boom for ana@example.com at postgres://wismo:hunter22@db/wismo')
    const host: WebhookHost = { webhooks: { handle: async () => Promise.reject(failure) } }
    const logger = { debug() {}, info() {}, warn() {}, error: (o: object) => errors.push(o) }
    const res = await sendHttp(`${await listen(nodeWebhookListener(host, { logger }))}/webhooks/acme`, {
      body: '{}',
    })
    expect(res).toMatchObject({ status: 500, json: { ok: false, error: 'INTERNAL' } })
    expect(errors).toHaveLength(1)
    // Through Wismo's redactor: the error is logged, its secrets and contact details are not.
    const logged = JSON.stringify(errors)
    expect(logged).toContain('boom for')
    expect(logged).not.toContain('ana@example.com')
    expect(logged).not.toContain('hunter22')
  })
})
