import type { NotifierFault } from '@wismo/testing/notifier'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'

/** A fake of Vonage's SMS API, shaped as Nexmo `sms.yml` describes (HTTP 200 even on refusal). */
export const VONAGE_FAKE_URL = 'https://rest.nexmo.test'
export const API_KEY = 'abcd1234'
export const API_SECRET = 'vonage-api-secret-01'

/** One refused part, as the SMS API answers it. */
export const refused = (status: string, errorText: string) =>
  HttpResponse.json({ 'message-count': '1', messages: [{ status, 'error-text': errorText }] })

/** The SMS API's answers to each fault. */
export const FAULTS: Record<NotifierFault, () => Response> = {
  auth: () => refused('4', 'Bad Credentials'),
  rate_limited: () => refused('1', 'Throughput Rate Exceeded - please wait [ 1000 ] and retry'),
  unavailable: () => refused('5', 'Internal Error'),
  rejected: () => refused('3', 'Invalid to param'),
  opted_out: () => refused('7', 'Number barred'),
}

/** How many parts the fake splits a text into (GSM-7 160/153, unicode 70/67). */
function partsOf(text: string, type: string): number {
  const [single, multi] = type === 'unicode' ? [70, 67] : [160, 153]
  const length = [...text].length
  return length <= single ? 1 : Math.ceil(length / multi)
}

export function vonageFake() {
  const state = {
    fault: null as NotifierFault | null,
    once: null as (() => Response) | null,
    received: [] as { contentType: string | null; form: URLSearchParams }[],
    calls: 0,
  }
  let next = 0x1b0fe827
  const server = setupServer(
    http.post(`${VONAGE_FAKE_URL}/sms/json`, async ({ request }) => {
      state.calls++
      if (state.once) {
        const answer = state.once
        state.once = null
        return answer()
      }
      if (state.fault) return FAULTS[state.fault]()
      const form = new URLSearchParams(await request.text())
      state.received.push({ contentType: request.headers.get('content-type'), form })
      if (form.get('api_key') !== API_KEY || form.get('api_secret') !== API_SECRET)
        return refused('4', 'Bad Credentials')
      const count = partsOf(form.get('text') ?? '', form.get('type') ?? 'text')
      const messages = Array.from({ length: count }, () => ({
        to: form.get('to'),
        'message-id': `02${(next++).toString(16).toUpperCase().padStart(14, '0')}`,
        status: '0',
        'remaining-balance': '3.14159265',
        'message-price': '0.03330000',
        network: '12345',
        'client-ref': form.get('client-ref'),
      }))
      return HttpResponse.json({ 'message-count': String(count), messages })
    }),
  )
  return { server, state }
}
