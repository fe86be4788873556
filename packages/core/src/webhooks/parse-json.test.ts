import { describe, expect, it } from 'vitest'
import { isWismoError } from '../errors.ts'
import { parseJsonBody } from './parse-json.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const code = (text: string | Uint8Array) => {
  try {
    parseJsonBody(typeof text === 'string' ? bytes(text) : text)
    return 'parsed'
  } catch (e) {
    return isWismoError(e) ? e.code : 'other'
  }
}

describe('parseJsonBody', () => {
  it('refuses a __proto__ key however it is spelled, anywhere in the body', () => {
    for (const body of [
      '{"__proto__":{"polluted":true}}',
      '{"a":[{"b":{"__proto__":1}}]}',
      '{"\\u005f_proto__":{"polluted":true}}',
      '{"\\u005F\\u005Fproto\\u005F\\u005F":1}',
    ])
      expect(code(body), body).toBe('WEBHOOK_MALFORMED')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('parses bodies with escapes, or the word __proto__ as a value, as JSON does', () => {
    const body = '{"note":"caf\\u00e9 \\"__proto__\\"","n":[1,2.5,null,true]}'
    expect(parseJsonBody(bytes(body))).toEqual(JSON.parse(body))
    expect(code('{"__proto__x":1}')).toBe('parsed')
  })

  it('refuses bad UTF-8, bad JSON and nesting past the limit', () => {
    expect(code(new Uint8Array([0x7b, 0xff, 0x7d]))).toBe('WEBHOOK_MALFORMED')
    expect(code('{"a":')).toBe('WEBHOOK_MALFORMED')
    expect(code(`${'['.repeat(65)}${']'.repeat(65)}`)).toBe('WEBHOOK_MALFORMED')
  })

  it('tells deep nesting from many shallow brackets, and ignores brackets inside strings', () => {
    const wide = JSON.stringify({ events: Array.from({ length: 200 }, (_, i) => ({ id: i, at: [i] })) })
    expect(code(wide)).toBe('parsed')
    expect(code(JSON.stringify({ note: '{['.repeat(100) }))).toBe('parsed')
    const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}[]${'}'.repeat(depth - 1)}`
    expect(code(nested(64))).toBe('parsed')
    expect(code(nested(65))).toBe('WEBHOOK_MALFORMED')
    // Past the limit behind a long run of shallow objects, so only the walk can see it.
    expect(code(`[${'{},'.repeat(100)}${nested(64).replace('[]', '[[]]')}]`)).toBe('WEBHOOK_MALFORMED')
  })
})
