import type { z } from 'zod'
import { WismoError } from '../errors.ts'

/**
 * Validate adapter options once, reporting every problem in one `CONFIG_INVALID` error. zod's
 * messages name the field and the rule, never the value given, so secrets cannot leak into logs
 * (custom refinement messages must keep to that too).
 */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, label: string): z.output<S> {
  const result = schema.safeParse(input ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(options)'
    return `${path}: ${issue.message}`
  })
  throw new WismoError('CONFIG_INVALID', `Invalid options for ${label}:\n- ${problems.join('\n- ')}`, {
    details: { problems },
  })
}

/**
 * Validate a caller's input (order, shipment, update): `INPUT_INVALID` listing up to ten problems.
 * @example const order = parseInput(OrderInputSchema, body, 'order')
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || `(${what})`}: ${i.message}`)
  throw new WismoError('INPUT_INVALID', `Invalid ${what}:\n- ${problems.join('\n- ')}`, {
    details: { problems },
  })
}
