import { detectCarrier, WismoError } from '@wismo/core'
import type { Io } from '../cli.ts'
import { type Command, JSON_OPTION } from './command.ts'

/** `wismo detect <number...>`: ranked carrier candidates for tracking numbers. */
export const detectCommand: Command = {
  summary: 'rank the carriers a tracking number may belong to',
  args: '<tracking number>...',
  options: { json: JSON_OPTION },
  examples: ['1Z5R89390357567127', '1Z5R89390357567127 9400111899223197428490 --json'],
  async run(values: Record<string, unknown>, positionals: string[], io: Io) {
    if (positionals.length === 0) throw new WismoError('INPUT_INVALID', 'give at least one tracking number')
    const results = positionals.map((n) => ({ trackingNumber: n, candidates: detectCarrier(n) }))
    if (values.json) {
      io.out(`${JSON.stringify({ results }, null, 2)}\n`)
      return
    }
    for (const { trackingNumber, candidates } of results) {
      io.out(`${trackingNumber}\n`)
      if (candidates.length === 0) io.out('  no known carrier format matches\n')
      for (const c of candidates)
        io.out(`  ${c.carrier.padEnd(8)} ${(c.confidence * 100).toFixed(0).padStart(3)}%  ${c.name}\n`)
    }
  },
}
