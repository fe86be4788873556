import { signHmacHeader } from '@wismo/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { POST } from '../app/api/webhooks/[carrier]/route.ts'
import { ACME_SIGNATURE } from '../lib/acme-carrier.ts'
import { createWismoFromEnv, getWismo } from '../lib/wismo.ts'

const CURRENT = 'acme-secret-2026'
const PREVIOUS = 'acme-secret-2025'

beforeEach(() => {
  vi.stubEnv('ACME_WEBHOOK_SECRETS', `${CURRENT},${PREVIOUS}`)
})

async function deliver(body: string, opts: { secret?: string; carrier?: string; sendBody?: string } = {}) {
  const signature = await signHmacHeader(ACME_SIGNATURE, { secret: opts.secret ?? CURRENT, body })
  const req = new Request(`https://shop.example/api/webhooks/${opts.carrier ?? 'acme'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature },
    body: opts.sendBody ?? body,
  })
  return POST(req, { params: Promise.resolve({ carrier: opts.carrier ?? 'acme' }) })
}

// Unusual but valid bytes: a JSON round trip would change them and break the signature.
const scans = (n: string) =>
  `{ "scans": [{"id":"${n}-1","code":"OFD","description":"En cours de livraison \\u2013 Lyon","time":"2026-03-02T08:15:00+01:00"}],\n  "tracking_number":"${n}", "weight": 136.0 }`

describe('Next.js route: POST /api/webhooks/[carrier]', () => {
  it('verifies the exact bytes and stores the scan (200)', async () => {
    const res = await deliver(scans('NX1'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, updates: 1, newEvents: 1 })
    const view = await getWismo().findShipment('acme', 'NX1')
    expect(view?.shipment.status).toBe('out_for_delivery')
    expect(view?.timeline[0]?.rawText).toBe('En cours de livraison \u2013 Lyon')
  })

  it('refuses re-encoded JSON and a wrong secret (401), storing nothing', async () => {
    const body = scans('NX2')
    expect((await deliver(body, { sendBody: JSON.stringify(JSON.parse(body)) })).status).toBe(401)
    expect((await deliver(body, { secret: 'not-our-secret' })).status).toBe(401)
    expect(await getWismo().findShipment('acme', 'NX2')).toBeNull()
  })

  it('accepts the previous secret during a rotation', async () => {
    expect((await deliver(scans('NX3'), { secret: PREVIOUS })).status).toBe(200)
  })

  it('answers 404 for a carrier the app does not know', async () => {
    const res = await deliver(scans('NX4'), { carrier: 'ups' })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ ok: false, error: 'WEBHOOK_ROUTE_UNKNOWN' })
  })

  it('refuses to start without secrets (CONFIG_INVALID)', () => {
    expect(() => createWismoFromEnv({})).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})
