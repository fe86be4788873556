import { createWismo, memoryStore, type Wismo } from '@wismo/core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { MOUNT_TEST_CARRIER, mountTestCarrier } from './mount/carrier.ts'
import {
  exactBytesCases,
  limitCases,
  MOUNT_TEST_LIMITS,
  type MountHarness,
  robustnessCases,
  routingCases,
} from './mount/cases.ts'
import { answerShapeCases, deadlineCases, encodingCases, repeatedHeaderCases } from './mount/cases-agree.ts'

export {
  MOUNT_TEST_CARRIER,
  MOUNT_TEST_SECRET,
  mountTestCarrier,
  mountTestPayload,
  signMountTestBody,
} from './mount/carrier.ts'
export { MOUNT_TEST_LIMITS } from './mount/cases.ts'
export { MOUNT_DRIP_TEST } from './mount/cases-agree.ts'
export { drip, sendHttp, type WireAnswer } from './mount/http.ts'

/**
 * A running server with Wismo's webhook handler mounted.
 * @example const server: MountServer = { url: 'http://127.0.0.1:4000/webhooks', close: async () => {} }
 */
export interface MountServer {
  /** Base URL of the webhook routes: a carrier's deliveries go to `${url}/${carrierId}`. */
  url: string
  close(): Promise<void>
}

/**
 * Options of {@link testMount}.
 * @example const opts: TestMountOptions = { name: 'express', start: startExpress, skip: [] }
 */
export interface TestMountOptions {
  /** Suite title, e.g. `'express'`. */
  name: string
  /** Start a real server on 127.0.0.1 with `wismo` mounted at the returned base URL. */
  start: (wismo: Wismo) => Promise<MountServer>
  /** Tests this mount cannot pass, each with the reason shown in the report. */
  skip?: readonly { reason: string; tests: readonly string[] }[]
}

/**
 * The mount conformance suite: every framework bridge runs it over real HTTP on loopback. It
 * creates a Wismo instance (memory store, {@link mountTestCarrier}, {@link MOUNT_TEST_LIMITS}),
 * asks `start` to serve it, and checks exact bytes, header casing, route before method
 * (404, then 405), 413, `Content-Encoding` (decoded, limited decoded, 415 when unknown), repeated
 * signature headers, JSON error answers, the whole-body deadline (408), hang-ups, and that a 200 is
 * visible through `wismo.findShipment` while a 401 leaves nothing behind. The deadline case waits
 * for real (about {@link MOUNT_TEST_LIMITS}.bodyTimeoutMs): it crosses a socket, where fake timers
 * cannot reach; its outcome does not depend on machine speed.
 * @example
 * import { testMount } from '@wismo/testing/mount'
 * testMount({
 *   name: 'node',
 *   start: async (wismo) => {
 *     const server = createServer(nodeWebhookListener(wismo))
 *     await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
 *     const { port } = server.address() as AddressInfo
 *     return { url: `http://127.0.0.1:${port}/webhooks`, close: async () => { server.closeAllConnections(); server.close() } }
 *   },
 * })
 */
export function testMount(options: TestMountOptions): void {
  describe(`mount conformance: ${options.name}`, () => {
    const h = harness(options)
    exactBytesCases(h)
    routingCases(h)
    limitCases(h)
    encodingCases(h)
    repeatedHeaderCases(h)
    answerShapeCases(h)
    deadlineCases(h)
    robustnessCases(h)
  })
}

function harness(options: TestMountOptions): MountHarness {
  let wismo: Wismo | null = null
  let server: MountServer | null = null
  beforeAll(async () => {
    wismo = createWismo({
      store: memoryStore(),
      carriers: [mountTestCarrier()],
      webhooks: { ...MOUNT_TEST_LIMITS },
    })
    server = await options.start(wismo)
  })
  afterAll(async () => {
    await server?.close()
    await wismo?.close()
  })
  const skipReason = (name: string) => options.skip?.find((s) => s.tests.includes(name))?.reason
  return {
    wismo: () => {
      if (!wismo) throw new Error('mount suite: wismo not created yet')
      return wismo
    },
    route: (carrier = MOUNT_TEST_CARRIER) => {
      if (!server) throw new Error('mount suite: server not started yet')
      return `${server.url.replace(/\/+$/, '')}/${carrier}`
    },
    test: (name, fn, timeoutMs) => {
      const reason = skipReason(name)
      if (reason) it.skip(`${name} (skipped: ${reason})`, fn)
      else it(name, fn, timeoutMs)
    },
  }
}
