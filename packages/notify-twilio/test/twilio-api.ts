import type { NotifierFault } from '@wismo/testing/notifier'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'

/** A fake of Twilio's Messages endpoint, shaped as twilio-oai and Twilio's error docs describe. */
export const TWILIO_FAKE_URL = 'https://api.twilio.test'
export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef'
export const AUTH_TOKEN = 'twilio-auth-token-0001'

const error = (status: number, code: number, message: string, headers?: Record<string, string>) =>
  HttpResponse.json(
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    { status, ...(headers ? { headers } : {}) },
  )

/** Twilio's answers to each fault, as its error reference gives them. */
export const FAULTS: Record<NotifierFault, () => Response> = {
  auth: () => error(401, 20003, 'Authenticate'),
  rate_limited: () => error(429, 20429, 'Too Many Requests'),
  unavailable: () => error(503, 20500, 'Internal Server Error'),
  rejected: () => error(400, 21211, "The 'To' number 5551234567 is not a valid phone number."),
  opted_out: () => error(400, 21610, 'Attempt to send to unsubscribed recipient'),
}

export interface ReceivedMessage {
  authorization: string | null
  contentType: string | null
  form: URLSearchParams
}

export function twilioFake() {
  const state = {
    fault: null as NotifierFault | null,
    /** An answer for the next request only (then normal again). */
    once: null as (() => Response) | null,
    received: [] as ReceivedMessage[],
    calls: 0,
  }
  const server = setupServer(
    http.post(`${TWILIO_FAKE_URL}/2010-04-01/Accounts/:sid/Messages.json`, async ({ request, params }) => {
      state.calls++
      if (state.once) {
        const answer = state.once
        state.once = null
        return answer()
      }
      if (state.fault) return FAULTS[state.fault]()
      if (params.sid !== ACCOUNT_SID) return error(404, 20404, 'The requested resource was not found')
      const form = new URLSearchParams(await request.text())
      state.received.push({
        authorization: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        form,
      })
      const sid = `SM${String(state.received.length).padStart(32, '0')}`
      const body = form.get('Body') ?? ''
      return HttpResponse.json(
        {
          sid,
          account_sid: ACCOUNT_SID,
          to: form.get('To'),
          from: form.get('From'),
          messaging_service_sid: form.get('MessagingServiceSid'),
          body,
          status: form.get('MessagingServiceSid') ? 'accepted' : 'queued',
          // Twilio answers "0" for Messaging Service sends at create time.
          num_segments: form.get('MessagingServiceSid')
            ? '0'
            : String(body.length > 160 ? Math.ceil(body.length / 153) : 1),
          error_code: null,
          error_message: null,
          uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}.json`,
        },
        { status: 201 },
      )
    }),
  )
  return { server, state }
}
