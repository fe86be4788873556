import { readFileSync } from 'node:fs'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { trackCommand } from '../src/commands/track.ts'
import { capture } from './capture.ts'

// DHL's Unified Tracking API, mocked at the HTTP boundary with a body shaped like DHL's own.
const body = JSON.parse(
  readFileSync(
    new URL('../../carrier-dhl/test/fixtures/parcel-de-out-for-delivery.json', import.meta.url),
    'utf8',
  ),
)
const seen: { key: string | null; number: string | null }[] = []
const server = setupServer(
  http.get('https://api-eu.dhl.com/track/shipments', ({ request }) => {
    const url = new URL(request.url)
    seen.push({ key: request.headers.get('dhl-api-key'), number: url.searchParams.get('trackingNumber') })
    if (url.searchParams.get('trackingNumber') !== '00340434161094022115')
      return HttpResponse.json({ status: 404, title: 'No result found' }, { status: 404 })
    return HttpResponse.json(body)
  }),
)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const run = async (args: string[], env: Record<string, string>) => {
  const c = capture()
  let code = 0
  try {
    await trackCommand.run({}, args, c.io, env)
  } catch (e) {
    c.io.err(String((e as Error).message))
    code = 1
  }
  return { code, out: c.out(), err: c.err() }
}

describe('wismo track', () => {
  it('tracks a real number with the key from the environment and prints its timeline', async () => {
    const r = await run(['dhl', '0034 0434 1610 9402 2115'], { DHL_API_KEY: 'dhl-test-key-1' })
    expect(r.code).toBe(0)
    expect(seen.at(-1)).toEqual({ key: 'dhl-test-key-1', number: '00340434161094022115' })
    expect(r.out).toMatch(/dhl 00340434161094022115/)
    expect(r.out).toMatch(/now: OUT_FOR_DELIVERY/)
    expect(r.out).toMatch(/loaded onto the delivery vehicle/)
  })

  it('says which variables are missing, and that a number is unknown', async () => {
    const c = capture()
    expect(await runCli(['track', 'ups', '1Z5R89390357567127'], c.io)).toBe(2)
    expect(c.err()).toMatch(/set UPS_CLIENT_ID and UPS_CLIENT_SECRET to track with ups \(INPUT_INVALID\)/)
    const unknown = await run(['dhl', 'JD014600006281230704'], { DHL_API_KEY: 'dhl-test-key-1' })
    expect(unknown.err).toMatch(/dhl does not know JD014600006281230704/)
  })
})
