import { isWismoError, WismoError } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { opsDashboard } from '../src/index.ts'
import { DETAIL, fakeWorld, ORDER, SHIPMENT } from './support.ts'

describe('options', () => {
  it('lists every problem at once, and there is no default authorize', () => {
    const { wismo } = fakeWorld()
    let caught: unknown
    try {
      // @ts-expect-error authorize is required
      opsDashboard(wismo, { basePath: 'ops', timeZone: 'Mars/Olympus', scanLimit: 0 })
    } catch (error) {
      caught = error
    }
    expect(isWismoError(caught, 'CONFIG_INVALID')).toBe(true)
    const problems = (caught as { details: { problems: string[] } }).details.problems.join('\n')
    for (const option of ['authorize', 'basePath', 'timeZone', 'scanLimit'])
      expect(problems).toContain(option)
  })

  it('refuses a root base path and unknown options', () => {
    const { wismo } = fakeWorld()
    const authorize = () => null
    expect(() => opsDashboard(wismo, { authorize, basePath: '/' })).toThrow(/basePath/)
    // @ts-expect-error not an option
    expect(() => opsDashboard(wismo, { authorize, colour: '#000' })).toThrow(/colour/)
  })
})

describe('access', () => {
  it('answers 401 to nobody, with the challenge when set, and shows nothing of the data', async () => {
    const { dashboard, lines } = fakeWorld(
      { search: async () => [{ order: ORDER, shipments: [SHIPMENT], matchedBy: 'order' }] },
      {
        challenge: 'Basic realm="ops"',
      },
    )
    const response = await dashboard.handle(new Request('http://shop.test/ops/search?q=A-1001'))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="ops"')
    const body = await response.text()
    expect(body).not.toContain('A-1001')
    expect(body).not.toContain('<nav')
    expect(JSON.stringify(lines)).not.toContain('A-1001')
  })

  it('answers 403 when authorize says false', async () => {
    const { dashboard } = fakeWorld({}, { authorize: () => false })
    expect((await dashboard.handle(new Request('http://shop.test/ops'))).status).toBe(403)
  })

  it('answers 500 when authorize throws, without its message, and logs the error', async () => {
    const { dashboard, lines } = fakeWorld(
      {},
      {
        authorize: () => {
          throw new Error('session store down: secret-detail')
        },
      },
    )
    const response = await dashboard.handle(new Request('http://shop.test/ops'))
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('secret-detail')
    expect(lines.some((l) => l.level === 'error')).toBe(true)
  })

  it('treats a malformed verdict as a 500, not as a pass', async () => {
    // @ts-expect-error a host bug: a truthy value that names nobody
    const { dashboard } = fakeWorld({}, { authorize: () => true })
    expect((await dashboard.handle(new Request('http://shop.test/ops'))).status).toBe(500)
  })

  it('leaves paths outside the base path alone and refuses other methods', async () => {
    const { get } = fakeWorld()
    expect((await get('/opsx')).status).toBe(404)
    expect((await get('/elsewhere')).status).toBe(404)
    const post = await get('/ops/metrics', { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })

  it('sends the security headers on every answer', async () => {
    const { get, dashboard } = fakeWorld()
    for (const response of [await get('/ops'), await dashboard.handle(new Request('http://shop.test/ops'))]) {
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      expect(response.headers.get('x-robots-tag')).toContain('noindex')
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(response.headers.get('content-security-policy')).not.toContain('script-src')
    }
  })
})

describe('search', () => {
  it('posts the form, so an e-mail address is never in a URL, and shows the match', async () => {
    let asked = ''
    const { get, logText } = fakeWorld({
      search: async (text) => {
        asked = text
        return [{ order: ORDER, shipments: [SHIPMENT], matchedBy: 'email' }]
      },
    })
    const form = await (await get('/ops')).text()
    expect(form).toContain('method="post" action="/ops/search"')
    const response = await get('/ops/search', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'q=+Ana%40Example.com+',
    })
    expect(response.status).toBe(200)
    expect(asked).toBe('Ana@Example.com')
    const body = await response.text()
    expect(body).toContain('Matched by customer e-mail')
    expect(body).toContain('ana@example.com')
    expect(body).toContain('href="/ops/shipments/shp_1"')
    expect(logText()).not.toContain('xample.com')
  })

  it('refuses an e-mail address in the query string', async () => {
    const { get } = fakeWorld({ search: async () => [{ order: ORDER, shipments: [], matchedBy: 'email' }] })
    const response = await get('/ops/search?q=ana%40example.com')
    expect(response.status).toBe(400)
    expect(await response.text()).not.toContain('ana@example.com')
  })

  it('says when nothing matches and when the text is empty', async () => {
    const { get } = fakeWorld()
    expect(await (await get('/ops/search?q=nope')).text()).toContain('Nothing found.')
    expect((await get('/ops/search?q=')).status).toBe(400)
  })
})

describe('the shipment page', () => {
  it('shows history, escaped raw payloads and every notification attempt', async () => {
    const { get } = fakeWorld({ shipment: async (id) => (id === 'shp_1' ? DETAIL : null) })
    const response = await get('/ops/shipments/shp_1')
    expect(response.status).toBe(200)
    const body = await response.text()
    expect(body).not.toContain('<script>')
    expect(body).toContain('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(body).toContain('Departed &lt;facility&gt;')
    expect(body).toContain('&quot;n&quot;: 1') // pretty-printed
    expect(body).toContain('NOTIFY_REQUEST_REJECTED: mailbox unavailable')
    expect(body).toContain('attempt 1: calling inbox')
    expect((await get('/ops/shipments/other')).status).toBe(404)
  })
})

describe('metrics and attention', () => {
  it('refuses an unreadable period and an unknown carrier', async () => {
    const { get } = fakeWorld()
    expect((await get('/ops/metrics?from=yesterday')).status).toBe(400)
    expect((await get('/ops/metrics?carrier=nope')).status).toBe(400)
    const ok = await get('/ops/metrics')
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('value="2026-02-09"') // 30 days ending on the clock's day
  })

  it('reads at most scanLimit rows of a listing and says so on the page', async () => {
    const { get, wismo } = fakeWorld({}, { scanLimit: 10 })
    const record = (i: number) => ({
      shipmentId: `shp_${i}`,
      carrier: 'sandbox',
      service: null,
      originRegion: 'MA',
      destinationRegion: 'CO',
      originCountry: 'US',
      destinationCountry: 'US',
      purchasedAt: null,
      handedOverAt: '2026-03-01T00:00:00Z',
      deliveredAt: `2026-03-0${2 + (i % 5)}T12:00:00Z`,
      promisedDate: '2026-03-04',
    })
    let asked: number | undefined
    wismo.store.listDeliveries = async ({ limit }) => {
      asked = limit
      return Array.from({ length: limit ?? 0 }, (_, i) => record(i))
    }
    const body = await (await get('/ops/metrics?from=2026-03-01&to=2026-03-09')).text()
    expect(asked).toBe(11)
    expect(body).toContain('data-testid="capped"')
    expect(body).toMatch(/first 10 rows of deliveries/)
    // Ten records read, delivered on the 2nd to the 6th: six of ten by the promised 4th.
    expect(body).toContain(
      '<tr data-key="sandbox"><th scope="row">sandbox</th><td class="num" data-metric="delivered" data-value="10">',
    )
    expect(body).toContain('data-metric="onTimeRate" data-value="0.6"')
  })

  it('shows a shipment found without an order', async () => {
    const { get } = fakeWorld({
      search: async () => [
        { order: null, shipments: [{ ...SHIPMENT, orderId: null }], matchedBy: 'tracking_number' },
      ],
    })
    const body = await (await get('/ops/search?q=SBX123')).text()
    expect(body).toContain('Shipment without an order')
    expect(body).toContain('Matched by tracking number')
    expect(body).toContain('href="/ops/shipments/shp_1"')
  })

  it('says nothing needs attention on an empty store', async () => {
    const { get } = fakeWorld()
    expect(await (await get('/ops/attention')).text()).toContain('Nothing needs attention.')
  })

  it('shows a store failure as a 500 page without its message (503 when the store says retry)', async () => {
    const { get, wismo } = fakeWorld()
    wismo.store.listShipments = async () => {
      throw new Error('db host 10.0.0.5 refused')
    }
    const response = await get('/ops/attention')
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('10.0.0.5')
    wismo.store.listShipments = async () => {
      throw new WismoError('STORE_UNAVAILABLE', 'db host 10.0.0.5 unreachable')
    }
    expect((await get('/ops/attention')).status).toBe(503)
  })
})
