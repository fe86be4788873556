import { describe, expect, it } from 'vitest'
import { isWismoError } from '../errors.ts'
import { createHttpClient } from '../http/client.ts'
import { oauthClientCredentials } from './oauth.ts'

/** A carrier API on an injected fetch: a token endpoint and one protected resource. */
function fakeCarrier(
  options: { expiresIn?: number; acceptToken?: (token: string) => boolean; tokenStatus?: number } = {},
) {
  let issued = 0
  const tokenBodies: string[] = []
  const fetch: typeof globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (url.pathname === '/oauth/token') {
      tokenBodies.push(await request.text())
      if (options.tokenStatus) return new Response('{}', { status: options.tokenStatus })
      issued++
      const body = { access_token: `tok-${issued}`, expires_in: String(options.expiresIn ?? 3600) }
      return Response.json(body)
    }
    const token = request.headers.get('authorization')?.replace('Bearer ', '') ?? ''
    if (!(options.acceptToken ?? (() => true))(token)) return new Response('{}', { status: 401 })
    return Response.json({ token })
  }) as typeof globalThis.fetch
  const http = createHttpClient({
    area: 'CARRIER',
    name: 'acme',
    baseUrl: 'https://acme.invalid',
    fetch,
    retries: 0,
  })
  return { http, issued: () => issued, tokenBodies }
}

const creds = { tokenPath: '/oauth/token', clientId: 'client-1', clientSecret: 'super-secret-value' }

describe('oauthClientCredentials', () => {
  it('fetches one token for many concurrent calls and caches it until shortly before expiry', async () => {
    let t = 0
    const api = fakeCarrier({ expiresIn: 3600 })
    const auth = oauthClientCredentials(api.http, { ...creds, clock: () => t })
    const answers = await Promise.all(Array.from({ length: 10 }, () => auth.request<{ token: string }>('/r')))
    expect(new Set(answers.map((a) => a.data.token))).toEqual(new Set(['tok-1']))
    expect(api.issued()).toBe(1)
    t = 3_539_000
    expect(await auth.token()).toBe('tok-1')
    t = 3_541_000 // within the 60 s margin
    expect(await auth.token()).toBe('tok-2')
    expect(api.tokenBodies[0]).toContain('grant_type=client_credentials')
    expect(api.tokenBodies[0]).toContain('client_id=client-1')
  })

  it('refreshes once on a 401, then reports CARRIER_AUTH_FAILED', async () => {
    const revoked = fakeCarrier({ acceptToken: (tok) => tok !== 'tok-1' })
    const auth = oauthClientCredentials(revoked.http, creds)
    expect((await auth.request<{ token: string }>('/r')).data.token).toBe('tok-2')
    const refused = fakeCarrier({ acceptToken: () => false })
    const session = oauthClientCredentials(refused.http, creds)
    await expect(session.request('/r')).rejects.toSatisfy((e) => isWismoError(e, 'CARRIER_AUTH_FAILED'))
    expect(refused.issued()).toBe(2)
  })

  it('reports refused credentials as CARRIER_AUTH_FAILED without echoing the secret', async () => {
    const auth = oauthClientCredentials(fakeCarrier({ tokenStatus: 401 }).http, {
      ...creds,
      credentialsIn: 'basic',
    })
    const error = await auth.token().catch((e: unknown) => e)
    expect(isWismoError(error, 'CARRIER_AUTH_FAILED')).toBe(true)
    expect(JSON.stringify(error) + String(error)).not.toContain('super-secret-value')
  })
})
