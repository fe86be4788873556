/**
 * Names the docs' code blocks use without defining them: what the host app already has where the
 * snippet goes. Keep this list short; a block that needs anything else declares it itself
 * (`declare const request: Request`). See test/docs.test.ts.
 */
import type { Carrier, Wismo, WismoStore } from '@wismo/core'

declare global {
  /** The app's Wismo instance (docs/getting-started.md creates it). */
  const wismo: Wismo
  /** The carrier adapters the app registered. */
  const carriers: Carrier[]
  /** The app's store. */
  const store: WismoStore
}
