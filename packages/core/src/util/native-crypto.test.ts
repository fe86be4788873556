import { describe, expect, it, vi } from 'vitest'
import { contentKey, scanContent } from '../domain/dedup.ts'
import { hmacBytes } from '../webhooks/verify/hmac.ts'
import { nativeCrypto } from './native-crypto.ts'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('the synchronous hashing fast path', () => {
  it('is there on Node, so ingest and webhook checks skip the Web Crypto thread pool', () => {
    expect(nativeCrypto).not.toBeNull()
  })

  it('gives the dedup key Web Crypto gives, synchronously', async () => {
    const content = scanContent({
      occurredAt: '2026-03-02T09:00:00-05:00',
      status: 'in_transit',
      rawCode: 'AR',
      location: { city: 'São Paulo', country: 'BR' },
    })
    const key = contentKey(content)
    expect(typeof key).toBe('string')
    const web = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content)))
    expect(key).toBe(`h:${hex(web).slice(0, 40)}`)
  })

  it('gives the same dedup key through the one-shot hash and, on a runtime without it, a hash object', () => {
    const native = nativeCrypto as NonNullable<typeof nativeCrypto>
    expect(typeof native.hash).toBe('function')
    const content = scanContent({
      occurredAt: '2026-03-02',
      status: 'delivered',
      rawCode: 'DL',
      location: { text: 'Zürich – “front door”' },
    })
    const oneShot = contentKey(content)
    const hash = vi.spyOn(native, 'hash').mockImplementation(() => {
      throw new Error('not used when present')
    })
    expect(() => contentKey(content)).toThrow('not used when present')
    hash.mockRestore()
    const saved = native.hash
    try {
      native.hash = undefined
      expect(contentKey(content)).toBe(oneShot)
    } finally {
      native.hash = saved
    }
  })

  it('gives the HMAC Web Crypto gives, for every algorithm a verifier may use', async () => {
    const key = new TextEncoder().encode('whsec-test-key-0123456789')
    const message = new TextEncoder().encode('{"id":"evt_1","scans":["ü"]}')
    for (const [algorithm, bits] of [
      ['SHA-256', 256],
      ['SHA-1', 160],
      ['SHA-512', 512],
    ] as const) {
      const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: algorithm }, false, [
        'sign',
      ])
      const web = new Uint8Array(await crypto.subtle.sign('HMAC', imported, message))
      const mac = await hmacBytes(key, message, algorithm)
      expect([hex(mac), mac.length * 8, mac.constructor]).toEqual([hex(web), bits, Uint8Array])
    }
  })
})
