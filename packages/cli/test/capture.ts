import type { Io } from '../src/cli.ts'

/** An `Io` that keeps what the CLI printed, for assertions. */
export function capture(): { io: Io; out: () => string; err: () => string } {
  const out: string[] = []
  const err: string[] = []
  return {
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) },
    out: () => out.join(''),
    err: () => err.join(''),
  }
}
