import { EdgeVM } from '@edge-runtime/vm'
import { generateStandardWebhookSecret, signStandardWebhook } from '@wismo/core'
import { build, type Plugin } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'

const ENTRY = new URL('./worker.ts', import.meta.url).pathname
const secret = generateStandardWebhookSecret()

/**
 * Bundle the worker for a browser-like platform: every import inlined, `@wismo/*` from source.
 * Any `node:` import fails the build, unless `stubNode` turns each into a module whose functions
 * throw when called (so code that merely imports a builtin can be run, and code that uses one fails).
 */
async function bundle(stubNode = false): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@wismo/source'],
    write: false,
    logLevel: 'silent',
    plugins: stubNode ? [throwingNodeBuiltins] : [],
  })
  return (result.outputFiles[0] ?? expect.fail('esbuild wrote no output')).text
}

/** `node:*` → a module whose every export throws "not available on the edge" when called. */
const throwingNodeBuiltins: Plugin = {
  name: 'throwing-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'edge-missing' }))
    b.onLoad({ filter: /.*/, namespace: 'edge-missing' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, name) => () => { throw new Error(${JSON.stringify(args.path)} + '.' + String(name) + ' is not available on the edge') } })`,
      loader: 'js',
    }))
  },
}

let sequence = 0
/** A Harbor push, signed with Standard Webhooks, as `dispatchFetch` arguments. */
async function push(number: string, scans: [code: string, at: string][], key = secret) {
  const body = JSON.stringify({
    type: 'parcel.scanned',
    data: {
      tracking_number: number,
      scans: scans.map(([code, at]) => ({ id: `${number}-${code}`, code, text: `Scan ${code}`, at })),
    },
  })
  const headers = await signStandardWebhook({ secret: key, id: `msg_edge_${++sequence}`, body })
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }
}

describe('hono-edge: the bundle', () => {
  // KNOWN CORE INCOMPATIBILITY (reported, not ours to fix here): packages/core/src/labels/
  // create-shipment.ts imports `createHash` from 'node:crypto' (for labelRequestKey), and
  // src/index.ts re-exports that module, so any bundle of @wismo/core holds a `node:` import.
  // `it.fails` passes while the build fails; once core hashes with Web Crypto it turns red:
  // then make this a plain `it` and drop the stub below.
  it.fails('has no node: import (core only, Web APIs only)', async () => {
    await bundle()
  })

  it('names node:crypto as the only node: import, reached only from core’s label code', async () => {
    const failure = await bundle().then(
      () => null,
      (e: { errors: { text: string; location: { file: string } | null }[] }) => e.errors,
    )
    const where = (failure ?? []).map((e) => `${e.location?.file}: ${e.text}`)
    expect(where).toEqual([
      expect.stringMatching(
        /packages\/core\/src\/labels\/create-shipment\.ts: Could not resolve "node:crypto"/,
      ),
    ])
  })
})

describe('hono-edge: the app inside @edge-runtime/vm', () => {
  let vm: EdgeVM
  beforeAll(async () => {
    const code = await bundle(true)
    vm = new EdgeVM()
    // What the platform binds; the VM has no `process`, like an edge isolate.
    vm.context.HARBOR_WEBHOOK_SECRETS = secret
    vm.evaluate(code)
  })
  const url = (path: string) => `https://shop.example${path}`

  it('runs without process, Buffer or require', () => {
    expect(vm.evaluate('[typeof process, typeof Buffer, typeof require]')).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ])
  })

  it('stores signed pushes and serves the shipment back as JSON', async () => {
    const first = await vm.dispatchFetch(
      url('/webhooks/harbor'),
      await push('HB 1001', [
        ['REG', '2026-03-02T08:00:00+01:00'],
        ['COL', '2026-03-02T14:03:00+01:00'],
      ]),
    )
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ ok: true, updates: 1, newEvents: 2 })
    const second = await vm.dispatchFetch(
      url('/webhooks/harbor'),
      await push('HB1001', [['OUT', '2026-03-03T07:40:00+01:00']]),
    )
    expect(second.status).toBe(200)

    const found = await vm.dispatchFetch(url('/track/harbor/hb-1001'))
    expect(found.status).toBe(200)
    const { shipment } = (await found.json()) as { shipment: { id: string } }
    const byId = await vm.dispatchFetch(url(`/shipments/${encodeURIComponent(shipment.id)}`))
    expect(byId.status).toBe(200)
    const view = (await byId.json()) as {
      shipment: { trackingNumber: string; status: string }
      timeline: { rawCode: string; status: string }[]
    }
    expect(view.shipment).toMatchObject({ trackingNumber: 'HB1001', status: 'out_for_delivery' })
    expect(view.timeline.map((e) => e.rawCode)).toEqual(['REG', 'COL', 'OUT'])
  })

  it('acknowledges a redelivered push without storing its scans twice', async () => {
    const delivery = await push('HB1002', [['HUB', '2026-03-02T10:00:00Z']])
    const once = await vm.dispatchFetch(url('/webhooks/harbor'), delivery)
    const again = await vm.dispatchFetch(url('/webhooks/harbor'), delivery)
    expect([once.status, again.status]).toEqual([200, 200])
    // createWismo's default replay guard remembers the signed `webhook-id`.
    expect(await again.json()).toEqual({ ok: true, duplicate: true })
    const view = (await (await vm.dispatchFetch(url('/track/harbor/HB1002'))).json()) as {
      timeline: unknown[]
    }
    expect(view.timeline).toHaveLength(1)
  })

  it('refuses a bad signature with 401 and stores nothing', async () => {
    const forged = await push('HB1003', [['DLV', '2026-03-02T10:00:00Z']], generateStandardWebhookSecret())
    const res = await vm.dispatchFetch(url('/webhooks/harbor'), forged)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ ok: false, error: 'WEBHOOK_INVALID_SIGNATURE' })
    expect((await vm.dispatchFetch(url('/track/harbor/HB1003'))).status).toBe(404)
  })

  it('refuses a body changed after signing with 401', async () => {
    const signed = await push('HB1004', [['COL', '2026-03-02T10:00:00Z']])
    const res = await vm.dispatchFetch(url('/webhooks/harbor'), {
      ...signed,
      body: signed.body.replace('COL', 'DLV'),
    })
    expect(res.status).toBe(401)
  })

  it('answers 404 for an unknown shipment id and an unknown carrier, 405 for GET on a webhook', async () => {
    expect((await vm.dispatchFetch(url('/shipments/shp_nope'))).status).toBe(404)
    expect((await vm.dispatchFetch(url('/webhooks/other'), await push('HB1005', []))).status).toBe(404)
    const get = await vm.dispatchFetch(url('/webhooks/harbor'))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })
})
