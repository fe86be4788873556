// Types of edge.mjs for the TypeScript tests that import it.

/** What edge-worker.mjs's `GET /run` answers, plus `typeof` of Node's globals in the isolate. */
export interface EdgeScenarioResult {
  trackingNumber: string
  /** The handler's status for each webhook the sandbox sent, in order. */
  answers: number[]
  /** The shipment's best estimate after its first day of scans. */
  eta: { date: string; source: string } | null
  status: string
  scans: number
  nodeGlobals: [process: string, buffer: string, require: string]
}

/** The isolate, as far as the tests use it. */
export interface EdgeIsolate {
  dispatchFetch(url: string, init?: RequestInit): Promise<Response>
  evaluate<T = unknown>(code: string): T
}

export function bundleEdgeWorker(options: { resolveDir: string; conditions?: string[] }): Promise<string>
export function startEdgeWorker(code: string, secret: string): EdgeIsolate
export function runEdgeScenario(code: string, secret: string): Promise<EdgeScenarioResult>
