// Bundles edge-worker.mjs the way an edge platform would (browser-like platform, every import
// inlined) and runs it in @edge-runtime/vm: Web globals, no `process`, `Buffer` or `require`.
// esbuild and @edge-runtime/vm are examples/hono-edge's dev dependencies; they are taken from there.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const WORKER = new URL('./edge-worker.mjs', import.meta.url)
const fromExample = createRequire(new URL('../../examples/hono-edge/package.json', import.meta.url))

/**
 * The worker as one script, its `@wismo/*` imports resolved from `resolveDir` (with `conditions`,
 * e.g. `@wismo/source` for the workspace's sources). Fails if anything imports a Node builtin.
 */
export async function bundleEdgeWorker({ resolveDir, conditions = [] }) {
  const { build } = fromExample('esbuild')
  const result = await build({
    stdin: { contents: readFileSync(WORKER, 'utf8'), resolveDir, sourcefile: 'edge-worker.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const builtins = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('node:'))
  if (builtins.length > 0) throw new Error(`the edge bundle imports Node builtins: ${builtins.join(', ')}`)
  return result.outputFiles[0].text
}

/** A new isolate running the bundled worker with the sandbox's secret bound as a global. */
export function startEdgeWorker(code, secret) {
  const { EdgeVM } = fromExample('@edge-runtime/vm')
  const vm = new EdgeVM()
  vm.context.SANDBOX_WEBHOOK_SECRET = secret
  vm.evaluate(code)
  return vm
}

/** Runs the worker's scenario in an isolate; answers its summary plus what the isolate lacks. */
export async function runEdgeScenario(code, secret) {
  const vm = startEdgeWorker(code, secret)
  const nodeGlobals = vm.evaluate('[typeof process, typeof Buffer, typeof require]')
  const response = await vm.dispatchFetch('https://edge.example/run')
  if (response.status !== 200)
    throw new Error(`edge /run answered ${response.status}: ${await response.text()}`)
  return { ...(await response.json()), nodeGlobals }
}
