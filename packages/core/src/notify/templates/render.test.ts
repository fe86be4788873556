import { describe, expect, it } from 'vitest'
import { sampleContext } from './context.test-helpers.ts'
import { compileTemplates } from './engine.ts'
import { renderNotification } from './render.ts'
import { NOTIFICATION_TRIGGERS, TEMPLATE_LOCALES } from './triggers.ts'

/** The words a reader sees in the HTML part, without the layout's markup and styles. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br \/>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
}

describe('default templates', () => {
  for (const locale of TEMPLATE_LOCALES) {
    for (const trigger of NOTIFICATION_TRIGGERS) {
      it(`${trigger} × email × ${locale}`, () => {
        const email = renderNotification({
          trigger,
          channel: 'email',
          context: sampleContext(trigger, locale),
        })
        expect(email.html).not.toMatch(/\{\{|\{%|@@/)
        expect({ subject: email.subject, html: visibleText(email.html), text: email.text }).toMatchSnapshot()
      })
      it(`${trigger} × sms × ${locale}`, () => {
        const sms = renderNotification({ trigger, channel: 'sms', context: sampleContext(trigger, locale) })
        expect(sms).toMatchSnapshot()
      })
    }
  }

  it('renders the whole responsive layout (one full HTML snapshot)', () => {
    const { html } = renderNotification({
      trigger: 'out_for_delivery',
      channel: 'email',
      context: sampleContext('out_for_delivery', 'en-GB'),
    })
    expect(html).toContain('<meta name="viewport"')
    expect(html).toContain('@media only screen and (min-width:480px)')
    expect(html).toMatchSnapshot()
  })

  it('brands the header and button with the shop colour and a readable text colour', () => {
    const light = renderNotification({
      trigger: 'delivered',
      channel: 'email',
      context: sampleContext('delivered', 'en', { shop: { name: 'Sunny', colour: '#FFDD00' } }),
    })
    expect(light.html).toContain('background-color:#ffdd00')
    expect(light.html).toContain('color:#111111')
    const hostile = renderNotification({
      trigger: 'delivered',
      channel: 'email',
      context: sampleContext('delivered', 'en', { shop: { name: 'X', colour: 'red;background:url(x)' } }),
    })
    expect(hostile.html).not.toContain('url(x)')
    expect(hostile.html).toContain('background-color:#1f2933')
  })

  it('shows the shop name instead of a logo when there is none', () => {
    const { html } = renderNotification({
      trigger: 'delivered',
      channel: 'email',
      context: sampleContext('delivered', 'en', { shop: { name: 'Plain Shop' } }),
    })
    expect(html).not.toContain('<img')
    expect(visibleText(html)).toContain('Plain Shop')
  })

  it('leaves out the ETA and scan boxes when there is nothing to show', () => {
    const email = renderNotification({
      trigger: 'stalled',
      channel: 'email',
      context: sampleContext('stalled', 'de', { eta: null, latestScan: null }),
    })
    expect(email.text).not.toContain('Voraussichtliche Zustellung')
    expect(email.text).not.toContain('Letzte Meldung')
    expect(email.html).not.toContain('Voraussichtliche Zustellung')
  })
})

describe('escaping', () => {
  const context = sampleContext('delivered', 'en', {
    customer: { name: '<script>alert(1)</script>', locale: 'en', timeZone: 'UTC' },
    shop: { name: 'Ben & Jerry\'s "Shop"' },
  })

  it('escapes every value in the HTML part', () => {
    const { html } = renderNotification({ trigger: 'delivered', channel: 'email', context })
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('Ben &amp; Jerry&#39;s &#34;Shop&#34;')
  })

  it('keeps the text part, the subject and the SMS as written', () => {
    const email = renderNotification({ trigger: 'delivered', channel: 'email', context })
    expect(email.text).toContain('Hi <script>alert(1)</script>,')
    expect(email.subject).toBe('Your Ben & Jerry\'s "Shop" order has been delivered')
    const sms = renderNotification({ trigger: 'delivered', channel: 'sms', context })
    expect(sms.text.startsWith('Ben & Jerry\'s "Shop": ')).toBe(true)
  })
})

describe('locales', () => {
  it.each([
    ['pt-PT', 'Seu pedido na'],
    ['pt', 'Seu pedido na'],
    ['es-MX', 'Tu pedido de'],
    ['de-CH', 'Ihre Bestellung bei'],
    ['fr-FR', 'Your '],
    ['zz', 'Your '],
  ])('%s uses the %s templates', (locale, start) => {
    const { subject } = renderNotification({
      trigger: 'in_transit',
      channel: 'email',
      context: sampleContext('in_transit', locale),
    })
    expect(subject.startsWith(start)).toBe(true)
  })

  it('formats dates in the customer locale when it speaks the template language, else the template locale', () => {
    const render = (locale: string) =>
      renderNotification({
        trigger: 'in_transit',
        channel: 'email',
        context: sampleContext('in_transit', locale),
      }).text.replace(/[\u2009\u202f]/g, ' ')
    expect(render('en-GB')).toContain('Estimated delivery: Tue 3 March – Thu 5 March')
    expect(render('en-US')).toContain('Estimated delivery: Tue, March 3 – Thu, March 5')
    expect(render('fr-FR')).toContain('Estimated delivery: Tue, March 3 – Thu, March 5')
  })

  it('uses the status wording the host gives, else the locale default', () => {
    const given = sampleContext('in_transit', 'es')
    given.shipment = { ...given.shipment, statusText: 'Camino a tu casa' }
    expect(renderNotification({ trigger: 'in_transit', channel: 'email', context: given }).text).toContain(
      'Estado: Camino a tu casa',
    )
    expect(
      renderNotification({
        trigger: 'in_transit',
        channel: 'email',
        context: sampleContext('in_transit', 'es'),
      }).text,
    ).toContain('Estado: En camino')
  })

  it('takes the locale argument over the customer locale', () => {
    const { subject } = renderNotification({
      trigger: 'delivered',
      channel: 'email',
      locale: 'de',
      context: sampleContext('delivered', 'en'),
    })
    expect(subject).toBe('Ihre Bestellung bei Northwind Outdoor Outfitters wurde zugestellt')
  })
})

describe('context validation', () => {
  it('refuses a tracking link that is not http(s)', () => {
    expect(() =>
      renderNotification({
        trigger: 'delivered',
        channel: 'email',
        context: sampleContext('delivered', 'en', { trackingUrl: 'javascript:alert(1)' }),
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INPUT_INVALID',
        details: expect.objectContaining({ field: 'trackingUrl' }),
      }),
    )
  })
})

describe('overrides', () => {
  it('replaces only the parts given, for the locale key given', () => {
    const templates = compileTemplates({
      delivered: {
        email: { de: { subject: 'Angekommen: {{ shipment.trackingNumber }}' } },
        sms: { en: '{{ shop.name | upcase }} delivered {{ trackingUrl }}' },
      },
    })
    const email = renderNotification({
      trigger: 'delivered',
      channel: 'email',
      context: sampleContext('delivered', 'de-AT'),
      overrides: templates,
    })
    expect(email.subject).toBe('Angekommen: 1Z999AA10123456784')
    expect(email.text).toContain('Laut UPS wurde Ihr Paket zugestellt')
    const sms = renderNotification({
      trigger: 'delivered',
      channel: 'sms',
      context: sampleContext('delivered', 'en-US'),
      overrides: templates,
    })
    expect(sms.text).toBe(
      'NORTHWIND OUTDOOR OUTFITTERS delivered https://track.northwind-outfitters.com/t/1Z999AA10123456784',
    )
  })

  it('adds a language with no defaults (fr) and escapes an HTML override', () => {
    const overrides = {
      delivered: {
        email: {
          fr: {
            subject: 'Votre commande {{ shop.name }} est arrivée',
            html: '<p>Bonjour {{ customer.name }}, <a href="{{ trackingUrl }}">suivre</a></p>',
            text: 'Bonjour {{ customer.name }}',
          },
        },
      },
    }
    const email = renderNotification({
      trigger: 'delivered',
      channel: 'email',
      context: sampleContext('delivered', 'fr-FR', {
        customer: { name: 'Zoé <b>', locale: 'fr-FR', timeZone: 'Europe/Paris' },
      }),
      overrides,
    })
    expect(email.subject).toBe('Votre commande Northwind Outdoor Outfitters est arrivée')
    expect(email.html).toBe(
      '<p>Bonjour Zoé &lt;b&gt;, <a href="https://track.northwind-outfitters.com/t/1Z999AA10123456784">suivre</a></p>',
    )
  })

  it('renders an unknown variable as empty (strict variables off)', () => {
    const sms = renderNotification({
      trigger: 'delivered',
      channel: 'sms',
      context: sampleContext('delivered', 'en'),
      overrides: { delivered: { sms: { en: 'a{{ nothing.here }}b' } } },
    })
    expect(sms.text).toBe('ab')
  })

  it.each([
    [{ delivered: { sms: { en: '{{ shop.name | shout }}' } } }, 'delivered.sms.en', /shout/],
    [{ delivered: { email: { de: { subject: '{% if x %}open' } } } }, 'delivered.email.de.subject', /if/],
    [{ delivered: { email: { 'pt-BR': { html: '{{ x ' } } } }, 'delivered.email.pt-BR.html', /./],
    [{ shipped: { sms: { en: 'hi' } } }, 'shipped', /shipped|key/i],
    [{ delivered: { push: { en: 'hi' } } }, 'delivered.push', /push/],
    [{ delivered: { email: { en: { body: 'x' } } } }, 'delivered.email.en.body', /body/],
  ])('refuses %j with CONFIG_INVALID naming %s', (overrides, template, reason) => {
    let error: unknown
    try {
      compileTemplates(overrides as never)
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', details: { template } })
    expect((error as Error).message).toContain(template)
    expect((error as Error).message).toMatch(reason)
  })
})
