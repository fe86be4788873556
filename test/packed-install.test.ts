import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  bundleEdgeWorker,
  type EdgeIsolate,
  runEdgeScenario,
  startEdgeWorker,
} from '../scripts/packed-install/edge.mjs'

/**
 * `@wismo/core` with the sandbox carrier on an edge runtime, from the workspace's sources (no
 * build needed). examples/hono-edge covers core behind Hono with its own carrier; this adds the
 * sandbox, whose webhooks are signed and verified with the isolate's own Web Crypto.
 * `pnpm test:packed` bundles the same worker again from the installed tarballs' dist, after
 * `pnpm build` (scripts/packed-install/README.md).
 */
const ROOT = join(import.meta.dirname, '..')

describe('@wismo/core and the sandbox carrier inside @edge-runtime/vm', { timeout: 120_000 }, () => {
  // whsec_ + base64 of 32 bytes; the root has no @wismo/core link to generate one with.
  const secret = `whsec_${Buffer.from('edge-runtime-check-secret-32-byte').toString('base64')}`
  let code: string
  beforeAll(async () => {
    // Resolved from the sandbox's folder, which links @wismo/core; a `node:` import fails here.
    code = await bundleEdgeWorker({
      resolveDir: join(ROOT, 'packages', 'carrier-sandbox'),
      conditions: ['@wismo/source'],
    })
  }, 120_000)

  it('bundles into one script with no import left (so no node: builtin either)', () => {
    expect(code).not.toMatch(/^\s*(import|export)\b/m)
    expect(code).not.toMatch(/["']node:[a-z]/)
  })

  it('tracks a sandbox shipment to delivered through the webhook handler, with an ETA', async () => {
    const result = await runEdgeScenario(code, secret)
    expect(result.nodeGlobals).toEqual(['undefined', 'undefined', 'undefined'])
    expect(result.answers.length).toBeGreaterThan(3)
    expect(result.answers.every((status) => status === 200)).toBe(true)
    expect(result.eta?.date).toMatch(/^\d{4}-\d{2}-\d{2}/)
    expect(result).toMatchObject({ status: 'delivered' })
    expect(result.scans).toBeGreaterThan(3)
  })

  it('refuses a webhook signed with another secret with 401', async () => {
    const vm: EdgeIsolate = startEdgeWorker(code, secret)
    const res = await vm.dispatchFetch('https://edge.example/webhooks/sandbox', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.parse('2026-11-23T09:00:00Z') / 1000)),
        'webhook-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      },
      body: JSON.stringify({ type: 'tracker.updated', data: {} }),
    })
    expect(res.status).toBe(401)
  })
})
