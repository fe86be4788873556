import { type SandboxCarrier, type SandboxCarrierOptions, sandboxCarrier } from '../src/index.ts'

/** The Standard Webhooks spec's test secret (vector A); fine for a simulator. */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
export const START = '2025-03-03T09:00:00Z'

/** A sandbox on a hand-moved clock. */
export function sandboxAt(iso = START, options: Partial<SandboxCarrierOptions> = {}) {
  let now = new Date(iso)
  const carrier: SandboxCarrier = sandboxCarrier({
    seed: 42,
    webhookSecret: SECRET,
    clock: () => now,
    ...options,
  })
  return {
    carrier,
    simulator: carrier.simulator,
    setNow: (at: Date | number) => {
      now = new Date(at)
    },
  }
}

/** A Web Request in the raw form `webhook.verify` takes. */
export async function rawOf(request: Request) {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: new Uint8Array(await request.arrayBuffer()),
  }
}
