import { describe, expect, it } from 'vitest'
import { sampleContext } from './context.test-helpers.ts'
import { renderNotification } from './render.ts'
import { NOTIFICATION_TRIGGERS, TEMPLATE_LOCALES } from './triggers.ts'

const url = 'https://track.northwind-outfitters.com/t/1Z999AA10123456784'

const variants = {
  'long shop name and link': {},
  'no ETA, no scan': { eta: null, latestScan: null },
  'non-GSM name and place': {
    customer: { name: 'João Gonçalves', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
    latestScan: { text: 'Objeto aguardando retirada', place: 'Agência São João da Boa Vista, SP' },
  },
  'a time window': {
    eta: { date: '2026-03-05T18:00:00-03:00', earliest: '2026-03-05T14:00:00-03:00', confidence: 0.9 },
  },
}

describe('default SMS fit one GSM-7 segment', () => {
  for (const [name, overrides] of Object.entries(variants)) {
    for (const locale of TEMPLATE_LOCALES) {
      it(`${locale}: every trigger, ${name}`, () => {
        for (const trigger of NOTIFICATION_TRIGGERS) {
          const context = sampleContext(trigger, locale, overrides)
          context.customer = { ...context.customer, locale }
          const sms = renderNotification({ trigger, channel: 'sms', context })
          expect({ trigger, encoding: sms.encoding, segments: sms.segments }).toEqual({
            trigger,
            encoding: 'GSM-7',
            segments: 1,
          })
          expect(sms.text.endsWith(url)).toBe(true)
          expect(sms.text.startsWith('Northwind Outdoor Outfitters: ')).toBe(true)
        }
      })
    }
  }
})

describe('fitSms', () => {
  it('keeps the greeting when the text fits', () => {
    const sms = renderNotification({
      trigger: 'delivered',
      channel: 'sms',
      context: sampleContext('delivered', 'en', {
        shop: { name: 'Acme' },
        trackingUrl: 'https://acme.example/t/1',
      }),
    })
    expect(sms.text).toBe(
      'Acme: Hi Maria, your parcel has been delivered. Enjoy! Details: https://acme.example/t/1',
    )
  })

  it('drops the greeting first, then the place, and never cuts the link', () => {
    const longUrl = `https://track.example.com/t/${'x'.repeat(40)}`
    const render = (shop: string) =>
      renderNotification({
        trigger: 'available_for_pickup',
        channel: 'sms',
        context: sampleContext('available_for_pickup', 'en', {
          shop: { name: shop },
          trackingUrl: longUrl,
          latestScan: { text: 'Ready', place: 'Parcel Shop Hauptbahnhof, Frankfurt' },
        }),
      }).text
    expect(render('Acme')).toContain('Hi Maria, ')
    expect(render('Acme Outdoor')).toBe(
      `Acme Outdoor: your parcel is ready for pickup at Parcel Shop Hauptbahnhof, Frankfurt. ${longUrl}`,
    )
    expect(render('Acme Outdoor Outfitters')).toBe(
      `Acme Outdoor Outfitters: your parcel is ready for pickup. ${longUrl}`,
    )
  })

  it('shortens the shop name last, keeping the link whole', () => {
    const longUrl = `https://track.example.com/t/${'y'.repeat(50)}`
    const sms = renderNotification({
      trigger: 'out_for_delivery',
      channel: 'sms',
      context: sampleContext('out_for_delivery', 'en', {
        shop: { name: 'The Extraordinarily Long Named Outdoor Outfitters' },
        trackingUrl: longUrl,
      }),
    })
    expect(sms.segments).toBe(1)
    expect(sms.text).toMatch(/^The Extraordinarily.*\.\.\.: your parcel/)
    expect(sms.text.endsWith(longUrl)).toBe(true)
  })

  it('transliterates Portuguese names and places to GSM-7 base letters', () => {
    const sms = renderNotification({
      trigger: 'available_for_pickup',
      channel: 'sms',
      context: sampleContext('available_for_pickup', 'pt-BR', {
        shop: { name: 'Loja' },
        trackingUrl: 'https://l.example/t/1',
        customer: { name: 'João', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
        latestScan: { text: 'Aguardando retirada', place: 'Agência São João' },
      }),
    })
    expect(sms).toEqual({
      text: 'Loja: Oi Joao, seu pacote pode ser retirado em Agencia Sao Joao. https://l.example/t/1',
      encoding: 'GSM-7',
      segments: 1,
    })
  })

  it('keeps the original spelling when the text needs UCS-2 anyway, and counts it', () => {
    const render = (trackingUrl: string) =>
      renderNotification({
        trigger: 'delivered',
        channel: 'sms',
        context: sampleContext('delivered', 'pt-BR', {
          shop: { name: 'Loja 📦' },
          trackingUrl,
          customer: { name: 'João', locale: 'pt-BR', timeZone: 'UTC' },
        }),
      })
    // Dropping the greeting brings it to one UCS-2 segment (70 units)…
    expect(render('https://l.example/t/1')).toEqual({
      text: 'Loja 📦: seu pacote foi entregue. Aproveite! https://l.example/t/1',
      encoding: 'UCS-2',
      segments: 1,
    })
    // …but when no step saves a segment, the full text is kept.
    expect(render('https://l.example/t/123456789')).toEqual({
      text: 'Loja 📦: Oi João, seu pacote foi entregue. Aproveite! https://l.example/t/123456789',
      encoding: 'UCS-2',
      segments: 2,
    })
  })
})
