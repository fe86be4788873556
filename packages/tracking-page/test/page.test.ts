import { isWismoError } from '@wismo/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Journey, world } from './support.ts'

const JOURNEYS: Journey[] = ['delivered', 'failedAttempt', 'exception', 'returned', 'lost']
/** Room for a busy CI machine; nothing here asserts on time. */
const ROOM = { timeout: 30_000 }

// The offline place data and outlines load once per process; pay that here, not in the first test.
beforeAll(() => world().page.warm(), 60_000)

async function text(response: Response): Promise<string> {
  return response.text()
}

describe('the order page', ROOM, () => {
  it.each(JOURNEYS)('shows the %s journey: status, steps and every stored scan in order', async (journey) => {
    const w = world()
    const { shipment } = await w.order('A-1', journey)
    const response = await w.get(await w.link('A-1'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await text(response)
    expect(body).not.toMatch(/<script/i)
    expect(body).toContain('Order A-1')
    expect(body).toContain(`data-status="${shipment.status}"`)
    const { timeline } = await w.wismo.getShipment(shipment.id)
    const shown = [...body.matchAll(/<li data-status="([a-z_]+)" data-at="([^"]+)">/g)].map((m) => [
      m[1],
      m[2],
    ])
    expect(shown).toEqual([...timeline].reverse().map((e) => [e.status, e.occurredAt]))
    const steps = [...body.matchAll(/<li class="(done|current|upcoming)" data-step="([a-z_]+)"/g)].map(
      (m) => `${m[2]}:${m[1]}`,
    )
    const expected: Record<Journey, string[]> = {
      delivered: [
        'ordered:done',
        'shipped:done',
        'in_transit:done',
        'out_for_delivery:done',
        'delivered:done',
      ],
      failedAttempt: [
        'ordered:done',
        'shipped:done',
        'in_transit:done',
        'out_for_delivery:done',
        'delivered:done',
      ],
      exception: [
        'ordered:done',
        'shipped:done',
        'in_transit:done',
        'out_for_delivery:done',
        'delivered:done',
      ],
      returned: expect.arrayContaining(['ordered:done', 'returned:done']) as unknown as string[],
      lost: [
        'ordered:done',
        'shipped:done',
        'in_transit:current',
        'out_for_delivery:upcoming',
        'delivered:upcoming',
      ],
    }
    expect(steps).toEqual(expected[journey])
    const notes = [...body.matchAll(/data-note="([a-z_]+)"/g)].map((m) => m[1])
    if (journey === 'failedAttempt') expect(notes).toContain('attempt_failed')
    if (journey === 'exception' || journey === 'lost') expect(notes).toContain('exception')
    if (journey === 'returned') expect(notes).toContain('returned')
  })

  it('escapes whatever the carrier wrote', async () => {
    const w = world()
    const { shipment } = await w.order('A-1', 'lost')
    await w.wismo.ingest({
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      source: 'manual',
      events: [
        {
          status: 'exception',
          rawCode: 'X',
          rawText: '<script>alert(1)</script> & "quoted"',
          occurredAt: '2026-03-20T10:00:00Z',
          location: { city: '<img src=x onerror=alert(1)>', country: 'US' },
        },
      ],
    })
    const body = await text(await w.get(await w.link('A-1')))
    expect(body).not.toContain('<script>alert(1)</script>')
    expect(body).not.toContain('<img src=x')
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;')
  })

  it('speaks the customer’s language, and another on request', async () => {
    const w = world()
    await w.order('A-1', 'delivered', { locale: 'de-AT' })
    const path = await w.link('A-1')
    const de = await text(await w.get(path))
    expect(de).toContain('<html lang="de">')
    expect(de).toContain('Bestellung A-1')
    expect(de).toContain('Zugestellt')
    const pt = await text(await w.get(`${path}?lang=pt-BR`))
    expect(pt).toContain('<html lang="pt-BR">')
    expect(pt).toContain('Pedido A-1')
    const odd = await text(await w.get(`${path}?lang=<x>`))
    expect(odd).toContain('<html lang="de">')
  })

  it('serves the same view as JSON, without the customer’s contact', async () => {
    const w = world()
    const { shipment } = await w.order('A-1', 'delivered', { email: 'ana@example.com' })
    const response = await w.get(`${await w.link('A-1')}/json`)
    expect(response.status).toBe(200)
    const json = (await response.json()) as {
      order: { id: string }
      shipments: { id: string; status: string; scans: unknown[] }[]
    }
    expect(json.order).toEqual({ id: 'A-1' })
    expect(json.shipments.map((s) => [s.id, s.status])).toEqual([[shipment.id, 'delivered']])
    const { timeline } = await w.wismo.getShipment(shipment.id)
    expect(json.shipments[0]?.scans).toHaveLength(timeline.length)
    expect(JSON.stringify(json)).not.toContain('ana@example.com')
  })
})

describe('access', ROOM, () => {
  it('refuses a tampered link, an expired one and unknown paths, each with a way forward', async () => {
    const w = world()
    await w.order('A-1', 'delivered')
    await w.order('B-2', 'delivered')
    const path = await w.link('A-1')
    const other = await w.link('B-2')
    const token = path.split('/o/')[1] as string
    const [v, , exp, sig] = token.split('.')
    const swapped = `/track/o/${v}.${other.split('/o/')[1]?.split('.')[1]}.${exp}.${sig}`
    const tampered = await w.get(swapped)
    expect(tampered.status).toBe(403)
    const body = await text(tampered)
    expect(body).toContain('This link does not work')
    expect(body).toContain('action="/track/lookup"')
    expect(body).not.toContain('B-2')
    expect((await w.get(`${path.slice(0, -3)}abc`)).status).toBe(403)
    expect((await w.get('/track/o/../../etc/passwd')).status).toBe(404)
    expect((await w.get('/track/nothing')).status).toBe(404)
    expect((await w.get('/elsewhere')).status).toBe(404)
    w.advance(91 * 86_400_000)
    const expired = await w.get(path)
    expect(expired.status).toBe(410)
    expect(await text(expired)).toContain('This link has expired')
    expect((await w.get(`${path}/json`)).status).toBe(410)
  })

  it('reaches nothing of another order through the forms', async () => {
    const w = world()
    await w.order('A-1', 'delivered')
    const { shipment: theirs } = await w.order('B-2', 'delivered')
    const mine = await w.link('A-1')
    const response = await w.post(`${mine}/feedback`, {
      shipment: theirs.id,
      rating: '1',
      comment: 'not mine',
    })
    expect(response.status).toBe(404)
    const refusal = await text(response)
    expect(refusal).not.toContain('B-2')
    expect(refusal).not.toContain(theirs.trackingNumber)
    const state = await w.wismo.feedback.state(theirs.id)
    expect(state.feedback).toBeNull()
    const unknown = await w.post(`${mine}/feedback`, { shipment: 'no-such-shipment', rating: '1' })
    expect(unknown.status).toBe(404)
    expect(await text(unknown)).toEqual(refusal)
  })

  it('answers methods it does not serve with 405 and reads only forms', async () => {
    const w = world()
    await w.order('A-1', 'delivered')
    const path = await w.link('A-1')
    expect((await w.page.handle(new Request(`http://shop.test${path}`, { method: 'DELETE' }))).status).toBe(
      405,
    )
    const json = await w.page.handle(
      new Request(`http://shop.test${path}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )
    expect(json.status).toBe(400)
    const big = await w.post(`${path}/feedback`, { shipment: 'x', comment: 'y'.repeat(20_000) })
    expect(big.status).toBe(413)
  })
})

describe('lookup', ROOM, () => {
  it('finds an order by e-mail or postcode and redirects to its signed link', async () => {
    const w = world()
    const { shipment } = await w.order('A-1', 'delivered', { email: 'Ana@Example.com' })
    const byEmail = await w.post('/track/lookup', { order: ' A-1 ', contact: 'ana@example.COM ' })
    expect(byEmail.status).toBe(303)
    const location = byEmail.headers.get('location') as string
    expect(location.startsWith('http://shop.test/track/o/v1.')).toBe(true)
    expect((await w.get(new URL(location).pathname)).status).toBe(200)
    const postcode = shipment.destination?.postalCode as string
    const byPostcode = await w.post('/track/lookup', { order: 'A-1', contact: ` ${postcode.toLowerCase()} ` })
    expect(byPostcode.status).toBe(303)
  })

  it('answers a wrong contact exactly like an unknown order', async () => {
    const w = world()
    await w.order('A-1', 'delivered', { email: 'ana@example.com' })
    const wrong = await w.post('/track/lookup', { order: 'A-1', contact: 'eve@example.com' })
    const unknown = await w.post('/track/lookup', { order: 'A-9', contact: 'eve@example.com' })
    expect([wrong.status, unknown.status]).toEqual([200, 200])
    const [a, b] = [await text(wrong), await text(unknown)]
    expect(a.replace('value="A-1"', 'value="X"')).toEqual(b.replace('value="A-9"', 'value="X"'))
    expect(a).toContain('We could not find an order')
  })

  it('limits guesses per order number, whoever asks', async () => {
    const w = world()
    await w.order('A-1', 'delivered', { email: 'ana@example.com' })
    for (let i = 0; i < 5; i++)
      expect((await w.post('/track/lookup', { order: 'A-1', contact: `x${i}@example.com` })).status).toBe(200)
    const limited = await w.post('/track/lookup', { order: 'A-1', contact: 'ana@example.com' })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await text(limited)).toContain('Too many attempts')
    w.advance(15 * 60_000)
    expect((await w.post('/track/lookup', { order: 'A-1', contact: 'ana@example.com' })).status).toBe(303)
  })
})

describe('feedback', ROOM, () => {
  it('is asked after delivery, stored, editable for a while, then shown read-only', async () => {
    const w = world()
    const { shipment } = await w.order('A-1', 'delivered')
    const path = await w.link('A-1')
    const events: number[] = []
    w.wismo.on('shipment.feedback', ({ feedback }) => events.push(feedback.rating))
    expect(await text(await w.get(path))).toContain('How was your delivery?')
    const sent = await w.post(`${path}/feedback`, {
      shipment: shipment.id,
      rating: '4',
      comment: 'Left at the door, fine',
    })
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toContain('saved=feedback')
    const page = await text(await w.get(path))
    expect(page).toContain('value="4" required checked')
    expect(page).toContain('Left at the door, fine')
    await w.post(`${path}/feedback`, { shipment: shipment.id, rating: '5', comment: '' })
    expect((await w.wismo.feedback.state(shipment.id)).feedback?.rating).toBe(5)
    expect(events).toEqual([4, 5])
    w.advance(8 * 86_400_000)
    const later = await text(await w.get(path))
    expect(later).toContain('You rated this delivery 5 out of 5.')
    expect(later).not.toContain('name="rating"')
    const refused = await w.post(`${path}/feedback`, { shipment: shipment.id, rating: '1' })
    expect(refused.status).toBe(409)
    expect((await w.wismo.feedback.state(shipment.id)).feedback?.rating).toBe(5)
  })

  it('is not offered, nor accepted, before delivery', async () => {
    const w = world()
    const { shipment } = await w.order('A-1', 'lost')
    const path = await w.link('A-1')
    expect(await text(await w.get(path))).not.toContain('How was your delivery?')
    expect((await w.post(`${path}/feedback`, { shipment: shipment.id, rating: '3' })).status).toBe(409)
    const bad = await w.post(`${path}/feedback`, { shipment: shipment.id, rating: '9' })
    expect([400, 409]).toContain(bad.status)
    try {
      await w.wismo.feedback.submit({ shipmentId: shipment.id, rating: 3 })
      expect.unreachable()
    } catch (e) {
      expect(isWismoError(e, 'FEEDBACK_CLOSED')).toBe(true)
    }
  })
})

describe('preferences', ROOM, () => {
  it('appear only where notifications are configured', async () => {
    const plain = world()
    await plain.order('A-1', 'delivered')
    expect(await text(await plain.get(await plain.link('A-1')))).not.toContain('data-testid="preferences"')
    const notified = world({ notifications: true })
    await notified.order('A-1', 'delivered', { phone: '+14155550100' })
    const body = await text(await notified.get(await notified.link('A-1')))
    expect(body).toContain('data-testid="preferences"')
    expect(body).toContain('a-1•••@example.com'.replace('a-1', 'a'))
    expect(body).toContain('•••0100')
    expect(body).not.toContain('+14155550100')
  })

  it('are stored and shown on the next visit', async () => {
    const w = world({ notifications: true })
    await w.order('A-1', 'delivered', { phone: '+14155550100' })
    const path = await w.link('A-1')
    const saved = await w.post(`${path}/preferences`, {
      email: 'on',
      sms: 'on',
      notify: ['delivered'],
      quietStart: '22:00',
      quietEnd: '07:30',
    })
    expect(saved.status).toBe(303)
    const prefs = await w.wismo.notifications.preferences('A-1')
    expect(prefs).toMatchObject({ email: true, sms: true, quietHours: { start: '22:00', end: '07:30' } })
    expect([...prefs.mutedTriggers].sort()).toEqual(['delayed', 'out_for_delivery'])
    const body = await text(await w.get(`${path}?saved=preferences`))
    expect(body).toContain('Your preferences are saved.')
    expect(body).toContain('value="22:00"')
    expect(body).toMatch(/name="notify" value="out_for_delivery">/)
    const bad = await w.post(`${path}/preferences`, { quietStart: '25:00', quietEnd: '07:00' })
    expect(bad.status).toBe(400)
    expect((await w.wismo.notifications.preferences('A-1')).quietHours).toEqual({
      start: '22:00',
      end: '07:30',
    })
  })
})
