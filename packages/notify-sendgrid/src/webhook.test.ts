import { readFileSync } from 'node:fs'
import { isWismoError } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { VECTOR } from '../test/sendgrid-api.ts'
import { SENDGRID_EVENTS } from './event-map.ts'
import { parseSendgridEvents, sendgridMessageId } from './webhook.ts'

const MULTI = readFileSync(
  new URL('../test/fixtures/signed_event_multi_payload.txt', import.meta.url),
  'utf8',
)
const base = {
  email: 'customer@example.com',
  timestamp: 1700000000,
  sg_message_id: 'abc123.filterdrecv-1-2.0',
}

describe('parseSendgridEvents', () => {
  it('the single-event vector: dropped for a "Bounced Address" → bounced, id prefix', () => {
    expect(parseSendgridEvents(JSON.parse(VECTOR.payload))).toEqual([
      {
        providerMessageId: 'LRzXl_NHStOGhQ4kofSm_A',
        status: 'bounced',
        occurredAt: '2020-09-14T19:41:32.000Z',
        recipient: 'hello@world.com',
        reason: 'Bounced Address',
        providerEventId: 'ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA',
      },
    ])
  })

  it('the multi-event vector: processed → sent, bounce of type blocked → failed', () => {
    const events = parseSendgridEvents(JSON.parse(MULTI))
    expect(events.map((e) => [e.providerMessageId, e.status])).toEqual([
      ['qNwBLgPQQjW6DJvKQwSAbw', 'sent'],
      ['qNwBLgPQQjW6DJvKQwSAbw', 'failed'],
    ])
    expect(events[1]?.reason).toMatch(/^blocked 5\.2\.2 552 5\.2\.2 The email account/)
  })

  it.each([
    [{ event: 'processed' }, 'sent'],
    [{ event: 'delivered', response: '250 OK' }, 'delivered'],
    [{ event: 'deferred', response: '400 try again later', attempt: '5' }, 'deferred'],
    [{ event: 'bounce', type: 'bounce', status: '5.1.1', reason: 'no such user' }, 'bounced'],
    [{ event: 'bounce', type: 'blocked', status: '5.7.1', reason: 'blocked by policy' }, 'failed'],
    [{ event: 'bounce', status: '5.0.0', reason: 'untyped bounce' }, 'bounced'],
    [{ event: 'dropped', reason: 'Unsubscribed Address' }, 'opted_out'],
    [{ event: 'dropped', reason: 'Spam Reporting Address' }, 'opted_out'],
    [{ event: 'dropped', reason: 'Bounced Address' }, 'bounced'],
    [{ event: 'dropped', reason: 'Invalid SMTPAPI header' }, 'failed'],
    [{ event: 'spamreport' }, 'opted_out'],
    [{ event: 'unsubscribe' }, 'opted_out'],
    [{ event: 'group_unsubscribe', asm_group_id: 1 }, 'opted_out'],
  ])('%o → %s', (fields, status) => {
    expect(parseSendgridEvents([{ ...base, ...fields }])[0]?.status).toBe(status)
  })

  it('engagement and unknown events are left out', () => {
    const events = ['open', 'click', 'group_resubscribe', 'something_new'].map((event) => ({
      ...base,
      event,
    }))
    expect(parseSendgridEvents(events)).toEqual([])
  })

  it('custom args come back as top-level keys and do not disturb parsing', () => {
    const [event] = parseSendgridEvents([
      { ...base, event: 'delivered', wismo_idempotency_key: 'outbox-7f3a', shipment: 'shp_1' },
    ])
    expect(event?.providerMessageId).toBe('abc123')
  })

  it('without sg_message_id (asynchronous bounce) the smtp-id names the message; without both it is left out', () => {
    const { sg_message_id: _omit, ...noSg } = base
    const events = parseSendgridEvents([
      { ...noSg, event: 'bounce', 'smtp-id': '<xyz789@ismtpd0001p1.sendgrid.net>' },
      { ...noSg, event: 'bounce' },
    ])
    expect(events.map((e) => e.providerMessageId)).toEqual(['xyz789'])
  })

  it('a body that is not an array of events → WEBHOOK_UNPROCESSABLE', () => {
    for (const body of [{ event: 'delivered' }, [{ event: 'delivered' }], 'x']) {
      let error: unknown
      try {
        parseSendgridEvents(body)
      } catch (e) {
        error = e
      }
      expect(isWismoError(error, 'WEBHOOK_UNPROCESSABLE')).toBe(true)
    }
  })

  it('covers every documented event type', () => {
    expect(Object.keys(SENDGRID_EVENTS).sort()).toEqual([
      'bounce',
      'click',
      'deferred',
      'delivered',
      'dropped',
      'group_resubscribe',
      'group_unsubscribe',
      'open',
      'processed',
      'spamreport',
      'unsubscribe',
    ])
  })
})

describe('sendgridMessageId', () => {
  it('keeps the part before the first dot', () => {
    expect(
      sendgridMessageId({
        sg_message_id: 'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0',
      }),
    ).toBe('LRzXl_NHStOGhQ4kofSm_A')
    expect(sendgridMessageId({ sg_message_id: 'plainid' })).toBe('plainid')
    expect(sendgridMessageId({})).toBeNull()
  })
})
