import { readFileSync } from 'node:fs'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import { setupServer } from 'msw/node'

export const BASE = 'https://apis.usps.com'
export const CREDENTIALS = { clientId: 'test-client-id-0001', clientSecret: 'test-client-secret-0001' }

/** A fixture file's parsed JSON (`fixtures/<name>`). */
export function fixture(name: string): JsonBodyType {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))
}

/** What the mocked USPS API saw. */
export interface Seen {
  tokenBodies: unknown[]
  tokenContentTypes: (string | null)[]
  tracked: { number: string; expand: string | null; authorization: string | null }[]
}

/**
 * A mocked USPS API: the OAuth token endpoint, and tracking answers for the given parcels
 * (number → body); other numbers get USPS's 404 envelope. Extra handlers go first.
 */
export function uspsServer(parcels: Readonly<Record<string, JsonBodyType>>) {
  const seen: Seen = { tokenBodies: [], tokenContentTypes: [], tracked: [] }
  const server = setupServer(
    http.post(`${BASE}/oauth2/v3/token`, async ({ request }) => {
      seen.tokenContentTypes.push(request.headers.get('content-type'))
      seen.tokenBodies.push(await request.json())
      return HttpResponse.json(fixture('token.json'))
    }),
    http.get(`${BASE}/tracking/v3/tracking/:number`, ({ request, params }) => {
      const number = String(params.number)
      seen.tracked.push({
        number,
        expand: new URL(request.url).searchParams.get('expand'),
        authorization: request.headers.get('authorization'),
      })
      const body = parcels[number]
      return body === undefined
        ? HttpResponse.json(fixture('not-found.json'), { status: 404 })
        : HttpResponse.json(body)
    }),
  )
  return { server, seen }
}
