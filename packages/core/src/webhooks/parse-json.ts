import { WismoError } from '../errors.ts'

const FORBIDDEN_KEYS = new Set(['__proto__'])
/** Strict UTF-8 (a malformed byte is an error, not U+FFFD); decoding is synchronous, so one serves all calls. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Decode UTF-8 strictly and parse JSON, refusing `__proto__` keys (prototype pollution) and
 * nesting deeper than `maxDepth`. Every failure is `WEBHOOK_MALFORMED`.
 */
export function parseJsonBody(bytes: Uint8Array, maxDepth = 64): unknown {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch (cause) {
    throw new WismoError('WEBHOOK_MALFORMED', 'Body is not valid UTF-8', { cause })
  }
  if (tooDeep(text, maxDepth))
    throw new WismoError('WEBHOOK_MALFORMED', `JSON nested deeper than ${maxDepth}`)
  try {
    // A `__proto__` key is either written out or spelled with `\u` escapes: a body with neither
    // cannot have one, and parses without a reviver (which costs a call per value).
    if (!text.includes('__proto__') && !text.includes('\\u')) return JSON.parse(text)
    return JSON.parse(text, (key, value) => {
      if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`forbidden key ${key}`)
      return value
    })
  } catch (cause) {
    throw new WismoError('WEBHOOK_MALFORMED', 'Body is not valid JSON', { cause })
  }
}

/**
 * Whether brackets nest deeper than `maxDepth`, found before parsing so deep input costs nothing.
 * Nesting never exceeds the count of opening brackets, so a body with at most `maxDepth` of them
 * (counted natively, strings included) is not walked character by character.
 */
function tooDeep(text: string, maxDepth: number): boolean {
  return openingBrackets(text, maxDepth) > maxDepth && nestingDepth(text) > maxDepth
}

/** Deepest bracket nesting outside strings. */
function nestingDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92)
        i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) max = Math.max(max, ++depth)
    else if (c === 125 || c === 93) depth--
  }
  return max
}

const OPENING = ['{', '['] as const

/** How many `{` and `[` the text holds, counting no further than `limit + 1`. */
function openingBrackets(text: string, limit: number): number {
  let count = 0
  for (const bracket of OPENING) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1))
      if (++count > limit) return count
  }
  return count
}
