import { EdgeVM } from '@edge-runtime/vm'
import { generateStandardWebhookSecret, signStandardWebhook } from '@wismo/core'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'

const ENTRY = new URL('./worker.ts', import.meta.url).pathname
const secret = generateStandardWebhookSecret()

/**
 * Bundle the worker as an edge platform would: for a browser-like platform, every import inlined,
 * `@wismo/*` from source. A `node:` import anywhere (app, core, a dependency) cannot be resolved
 * on this platform and fails the build.
 */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@wismo/source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const builtins = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('node:'))
  expect(builtins, 'no node: builtin in the bundle').toEqual([])
  return (result.outputFiles[0] ?? expect.fail('esbuild wrote no output')).text
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

describe('hono-edge: the bundled app inside @edge-runtime/vm', () => {
  let code: string
  let vm: EdgeVM
  beforeAll(async () => {
    // A failed build (a `node:` import, say) fails every test here, with esbuild's message.
    code = await bundle()
    vm = new EdgeVM()
    // What the platform binds; the VM has no `process`, like an edge isolate.
    vm.context.HARBOR_WEBHOOK_SECRETS = secret
    vm.evaluate(code)
  })
  const url = (path: string) => `https://shop.example${path}`

  it('is one self-contained script: no node: import, no import or export left', () => {
    expect(code).not.toMatch(/\bnode:[a-z]/)
    expect(code).not.toMatch(/^\s*(import|export)\b/m)
  })

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
