import { type Carrier, WismoError } from '@wismo/core'
import { beforeAll, it } from 'vitest'
import { CARRIER_TESTS, type CarrierTestName, type TestCarrierOptions } from './options.ts'

/** What a test body can do besides asserting: skip itself at run time, with a note. */
export interface CaseContext {
  skip(note: string): never
}

export interface CarrierHarness<C extends Carrier> {
  options: TestCarrierOptions<C>
  /** The carrier under test (created once, before the first test). */
  carrier(): C
  /** Its known numbers, as `knownNumbers` returned them. */
  known(): readonly string[]
  /** Register a test; a declared skip turns it into `it.skip` with the reason in its title. */
  test(name: CarrierTestName, title: string, fn: (ctx: CaseContext) => Promise<void>): void
}

/** Create the carrier and its known numbers once, and wire the declared skips. */
export function carrierHarness<C extends Carrier>(options: TestCarrierOptions<C>): CarrierHarness<C> {
  checkSkips(options)
  let state: { carrier: C; known: readonly string[] } | null = null
  beforeAll(async () => {
    const carrier = await options.create()
    state = { carrier, known: await options.knownNumbers(carrier) }
  })
  const current = () => {
    if (!state) throw new WismoError('INTERNAL', 'carrier under test was not created')
    return state
  }
  return {
    options,
    carrier: () => current().carrier,
    known: () => current().known,
    test: (name, title, fn) => {
      const reason = options.skip?.find((s) => s.tests.includes(name))?.reason
      if (reason) it.skip(`${name}: ${title} (skipped: ${reason})`, () => {})
      else it(`${name}: ${title}`, (ctx) => fn({ skip: (note) => ctx.skip(note) }))
    },
  }
}

/** A skip must name a known test and give a reason, so a typo cannot silently keep a test running. */
function checkSkips(options: Pick<TestCarrierOptions, 'name' | 'skip'>): void {
  for (const skip of options.skip ?? []) {
    const unknown = skip.tests.filter((t) => !(CARRIER_TESTS as readonly string[]).includes(t))
    if (unknown.length > 0 || skip.reason.trim() === '') {
      throw new WismoError(
        'CONFIG_INVALID',
        `testCarrier "${options.name}": each skip needs a reason and known test names`,
        {
          details: { unknown, known: CARRIER_TESTS },
        },
      )
    }
  }
}
