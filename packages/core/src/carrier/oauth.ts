import { z } from 'zod'
import { parseOptions } from '../define/options.ts'
import { isWismoError, WismoError } from '../errors.ts'
import type { HttpClient, HttpRequest, HttpResponse } from '../http/client.ts'

const OptionsSchema = z
  .object({
    /** Token endpoint path on the carrier's base URL (or a full URL), e.g. `/security/v1/oauth/token`. */
    tokenPath: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** How the client authenticates at the token endpoint: HTTP Basic (UPS) or form fields (FedEx, USPS). */
    credentialsIn: z.enum(['basic', 'body']).default('body'),
    /** Body encoding of the token request. */
    encoding: z.enum(['form', 'json']).default('form'),
    scope: z.string().min(1).optional(),
    /** Extra form/JSON fields and headers the carrier's token endpoint wants. */
    extraFields: z.record(z.string(), z.string()).default({}),
    extraHeaders: z.record(z.string(), z.string()).default({}),
    /** Refresh this long before the token expires (default 60 s). */
    refreshMarginMs: z.number().int().nonnegative().default(60_000),
    clock: z.custom<() => number>((v) => typeof v === 'function', 'expected a function').optional(),
  })
  .strict()

export type OAuthClientCredentialsOptions = z.input<typeof OptionsSchema>

const TokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(),
})

/** An OAuth 2.0 client-credentials session for one carrier account. */
export interface OAuthSession {
  /** A valid access token: cached until shortly before expiry; concurrent callers share one fetch. */
  token(): Promise<string>
  /** Forget the cached token (the next call fetches a new one). */
  invalidate(): void
  /**
   * `http.request` with `Authorization: Bearer <token>`. A 401 refreshes the token once and
   * retries; a second refusal is `CARRIER_AUTH_FAILED`.
   */
  request<T = unknown>(path: string, request?: HttpRequest): Promise<HttpResponse<T>>
}

/**
 * OAuth 2.0 client credentials on the carrier's injected HTTP client (UPS, FedEx, USPS). The
 * token is cached until `refreshMarginMs` before it expires, fetched once when many calls need it
 * at the same time, refreshed once on a 401, then surfaced as `CARRIER_AUTH_FAILED`. The client
 * secret never appears in an error.
 * @example
 * const auth = oauthClientCredentials(http, { tokenPath: '/oauth/token', clientId, clientSecret })
 * const { data } = await auth.request('/track/v1/trackingnumbers', { method: 'POST', json: body })
 */
export function oauthClientCredentials(
  http: HttpClient,
  options: OAuthClientCredentialsOptions,
): OAuthSession {
  const o = parseOptions(OptionsSchema, options, 'oauthClientCredentials')
  const now = o.clock ?? Date.now
  let cached: { token: string; refreshAt: number } | null = null
  let pending: Promise<string> | null = null

  const fetchToken = async (): Promise<string> => {
    const { data } = await http.request<unknown>(o.tokenPath, tokenRequest(o)).catch((e: unknown) => {
      throw authFailure(e)
    })
    const parsed = TokenSchema.safeParse(data)
    if (!parsed.success)
      throw new WismoError('CARRIER_AUTH_FAILED', 'The token endpoint answered without an access_token')
    const lifetimeMs = Number(parsed.data.expires_in ?? 3600) * 1000
    cached = {
      token: parsed.data.access_token,
      refreshAt: now() + Math.max(0, lifetimeMs - o.refreshMarginMs),
    }
    return parsed.data.access_token
  }

  const session: OAuthSession = {
    async token() {
      if (cached && now() < cached.refreshAt) return cached.token
      pending ??= fetchToken().finally(() => {
        pending = null
      })
      return pending
    },
    invalidate() {
      cached = null
    },
    async request<T>(path: string, request: HttpRequest = {}) {
      const send = async () =>
        http.request<T>(path, {
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${await session.token()}` },
        })
      try {
        return await send()
      } catch (e) {
        if (!isWismoError(e, 'CARRIER_AUTH_FAILED')) throw e
        session.invalidate()
        return send()
      }
    },
  }
  return session
}

function tokenRequest(o: z.output<typeof OptionsSchema>): HttpRequest {
  const fields: Record<string, string> = { grant_type: 'client_credentials', ...o.extraFields }
  if (o.scope) fields.scope = o.scope
  if (o.credentialsIn === 'body')
    Object.assign(fields, { client_id: o.clientId, client_secret: o.clientSecret })
  const headers: Record<string, string> = { ...o.extraHeaders }
  if (o.credentialsIn === 'basic') headers.authorization = `Basic ${btoa(`${o.clientId}:${o.clientSecret}`)}`
  return o.encoding === 'json'
    ? { method: 'POST', json: fields, headers }
    : {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      }
}

/** A token request the carrier refused or could not answer, as `CARRIER_AUTH_FAILED` when it is a refusal. */
function authFailure(e: unknown): unknown {
  if (!isWismoError(e)) return e
  const status = (e.details as { status?: number } | undefined)?.status
  if (status === 400 || status === 401 || status === 403)
    return new WismoError('CARRIER_AUTH_FAILED', 'The carrier refused the client credentials', {
      cause: e,
      details: { status },
    })
  return e
}
