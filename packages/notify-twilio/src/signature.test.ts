import { describe, expect, it } from 'vitest'
import { bodySha256, isValidTwilioSignature, twilioSignature } from './signature.ts'

// Official vectors: twilio/twilio-node spec/validation.spec.js (via ../shared/PROVIDERS.md §9), verbatim.
const authToken = '12345'
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const params = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
}
const form = (p: Record<string, string>) => new TextEncoder().encode(new URLSearchParams(p).toString())
const valid = (signature: string, u: string, body: Uint8Array = form(params)) =>
  isValidTwilioSignature({ authToken, signature, url: u, body })

describe('X-Twilio-Signature', () => {
  it('computes the official vector', () => {
    expect(twilioSignature(authToken, url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=')
  })

  it('sorts parameters by name, whatever order they arrive in', () => {
    const reversed = Object.fromEntries(Object.entries(params).reverse())
    expect(twilioSignature(authToken, url, reversed)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=')
  })

  it('accepts the official vector on the form body', () => {
    expect(valid('RSOYDt4T1cUTdK1PDd93/VVr8B8=', url)).toBe(true)
  })

  it('accepts a signature made over the URL with :443 when the request URL has no port', () => {
    expect(valid('kvajT1Ptam85bY51eRf/AJRuM3w=', url)).toBe(true)
  })

  it('accepts http with the default port added (:80), as Twilio may sign it', () => {
    expect(valid('0ZXoZLH/DfblKGATFgpif+LLRf4=', 'http://mycompany.com/myapp.php?foo=1&bar=2')).toBe(true)
  })

  it('signs a non-default port as given', () => {
    expect(valid('Zmvh+3yNM1Phv2jhDCwEM3q5ebU=', 'http://mycompany.com:1234/myapp.php?foo=1&bar=2')).toBe(
      true,
    )
  })

  it('keeps basic-auth credentials in the signed URL', () => {
    expect(
      valid('CukzLTc1tT5dXEDIHm/tKBanW10=', 'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2'),
    ).toBe(true)
    expect(valid('2YRLlVAflCqxaNicjMpJcSTgzSs=', 'https://user@mycompany.com/myapp.php?foo=1&bar=2')).toBe(
      true,
    )
    expect(valid('CukzLTc1tT5dXEDIHm/tKBanW10=', url)).toBe(false)
  })

  it('JSON bodies: bodySHA256 in the query, no parameters, body hash checked', () => {
    const json = new TextEncoder().encode('{"property": "value", "boolean": true}')
    const hash = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'
    expect(bodySha256(json)).toBe(hash)
    expect(valid('a9nBmqA0ju/hNViExpshrM61xv4=', `${url}&bodySHA256=${hash}`, json)).toBe(true)
    expect(
      valid('a9nBmqA0ju/hNViExpshrM61xv4=', `${url}&bodySHA256=${hash}`, new TextEncoder().encode('{}')),
    ).toBe(false)
  })

  it('JSON bodies: the empty-object vector, signed with :443', () => {
    const hash = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
    expect(
      valid('Ldidvp12m26NI7eqEvxnEpkd9Hc=', `${url}&bodySHA256=${hash}`, new TextEncoder().encode('{}')),
    ).toBe(true)
  })

  it('refuses a changed parameter, a changed URL, another token and a truncated signature', () => {
    expect(valid('RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, form({ ...params, Digits: '1235' }))).toBe(false)
    expect(valid('RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'https://mycompany.com/myapp.php?foo=1&bar=3')).toBe(false)
    expect(
      isValidTwilioSignature({
        authToken: '54321',
        signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
        url,
        body: form(params),
      }),
    ).toBe(false)
    expect(valid('RSOYDt4T', url)).toBe(false)
    expect(valid('', url)).toBe(false)
  })

  it('a repeated parameter: each distinct value, sorted, appended under its name', () => {
    const body = new TextEncoder().encode('B=2&A=x&B=1&B=2')
    const signature = twilioSignature(authToken, url, { A: 'x', B: ['1', '2'] })
    expect(isValidTwilioSignature({ authToken, signature, url, body })).toBe(true)
  })
})
