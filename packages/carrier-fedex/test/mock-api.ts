import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dedupKey, deriveState, type TrackingUpdate } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { FEDEX_BASE_URLS } from '../src/index.ts'

/** Test credentials the mocked token endpoint accepts. */
export const CLIENT = { clientId: 'l7xx-test-client-0001', clientSecret: 'test-secret-s3cr3t-0001' } as const
export const BASE = FEDEX_BASE_URLS.production
export const TRACK_URL = `${BASE}/track/v1/trackingnumbers`
export const TOKEN_URL = `${BASE}/oauth/token`

/** A JSON fixture from `test/fixtures` (a fresh copy each time, so tests may change it). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as T
}

const token = fixture<{ access_token: string }>('token.json')

/** The FedEx track result for `number`, from the in-transit fixture. */
export function resultFor(number: string): Record<string, unknown> {
  const result = fixture('result-in-transit.json')
  const info = result.trackingNumberInfo as Record<string, string>
  return {
    ...result,
    trackingNumberInfo: { ...info, trackingNumber: number, trackingNumberUniqueId: `12029~${number}~FDEG` },
  }
}

interface TrackBody {
  includeDetailedScans?: boolean
  trackingInfo: { trackingNumberInfo: { trackingNumber: string } }[]
}

/** What the mocked FedEx saw. */
export interface Seen {
  tokens: URLSearchParams[]
  tracks: { body: TrackBody; locale: string | null }[]
}

/**
 * msw handlers for FedEx's token and track endpoints. `results(number)` gives the track results
 * of a number it knows; any other number answers `TRACKING.TRACKINGNUMBER.NOTFOUND` in a 200,
 * as FedEx does.
 */
export function fedexApi(results: (number: string) => readonly unknown[] | undefined) {
  const seen: Seen = { tokens: [], tracks: [] }
  const handlers = [
    http.post(TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text())
      seen.tokens.push(form)
      const ok =
        form.get('client_id') === CLIENT.clientId && form.get('client_secret') === CLIENT.clientSecret
      if (!ok || form.get('grant_type') !== 'client_credentials')
        return HttpResponse.json(
          { transactionId: 't-1', errors: [{ code: 'NOT.AUTHORIZED.ERROR', message: 'Unauthorized' }] },
          { status: 401 },
        )
      return HttpResponse.json(token)
    }),
    http.post(TRACK_URL, async ({ request }) => {
      if (request.headers.get('authorization') !== `Bearer ${token.access_token}`)
        return HttpResponse.json({ errors: [{ code: 'NOT.AUTHORIZED.ERROR' }] }, { status: 401 })
      const body = (await request.json()) as TrackBody
      seen.tracks.push({ body, locale: request.headers.get('x-locale') })
      const completeTrackResults = body.trackingInfo.map(({ trackingNumberInfo: { trackingNumber } }) => ({
        trackingNumber,
        trackResults: results(trackingNumber) ?? [notFound(trackingNumber)],
      }))
      return HttpResponse.json({ transactionId: 'a1b2c3', output: { completeTrackResults } })
    }),
  ]
  return { handlers, seen }
}

function notFound(number: string) {
  const result = fixture('result-not-found.json')
  return {
    ...result,
    trackingNumberInfo: { trackingNumber: number, trackingNumberUniqueId: '', carrierCode: '' },
  }
}

/** Answer every track request with this body (and status). */
export const trackAnswer = (body: unknown, status = 200) =>
  http.post(TRACK_URL, () =>
    typeof body === 'string'
      ? new HttpResponse(body, { status, headers: { 'content-type': 'application/json' } })
      : HttpResponse.json(body as Record<string, unknown>, { status }),
  )

/** A FedEx Express (12) number with a valid check digit, from an 11-digit serial. */
export function expressNumber(serial: number): string {
  const digits = String(serial).padStart(11, '0')
  const weights = [3, 1, 7]
  const sum = Array.from(digits, Number).reduce((acc, d, i) => acc + d * (weights[i % 3] ?? 0), 0)
  return `${digits}${(sum % 11) % 10}`
}

/** The milestone Wismo derives from an update's events (as ingest would). */
export async function milestoneOf(update: TrackingUpdate): Promise<string> {
  const history = await Promise.all(update.events.map(async (e) => ({ ...e, dedupKey: await dedupKey(e) })))
  return deriveState(history).status
}
