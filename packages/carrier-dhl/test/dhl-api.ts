import { readFileSync } from 'node:fs'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import { setupServer } from 'msw/node'

/** The API key the mocked DHL accepts. */
export const API_KEY = 'test-dhl-consumer-key-0001'
export const BASE = 'https://api-eu.dhl.com'
export const TRACK_URL = `${BASE}/track/shipments`

/** A fixture from `test/fixtures/` as parsed JSON. */
export function fixture(name: string): JsonBodyType {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))
}

/** Numbers the mocked API knows, and the fixture it answers each with. */
export const KNOWN: Readonly<Record<string, string>> = {
  '3318810025': 'express-multipiece-delivered.json',
  '00340434161094022115': 'parcel-de-out-for-delivery.json',
  JJD000390007882765453: 'express-piece-lookup.json',
  GM2951173225174494: 'ecommerce-returned.json',
}

/** Every request the mocked API received, newest last. */
export const requests: Request[] = []

/** A DHL that checks the key, answers the fixtures, and 404s with its problem body otherwise. */
export const dhlApi = setupServer(
  http.get(TRACK_URL, ({ request }) => {
    requests.push(request.clone())
    if (request.headers.get('dhl-api-key') !== API_KEY)
      return HttpResponse.json(
        { title: 'Unauthorized', status: 401, detail: 'Unauthorized' },
        { status: 401 },
      )
    const number = new URL(request.url).searchParams.get('trackingNumber') ?? ''
    const name = KNOWN[number]
    if (name) return HttpResponse.json(fixture(name))
    return HttpResponse.json(fixture('not-found.json'), {
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
    })
  }),
)
