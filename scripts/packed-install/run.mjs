#!/usr/bin/env node
// `pnpm test:packed`: the packages as a user gets them. Needs `pnpm build` first (CI runs it right
// after the build). Packs every public package, installs the tarballs with npm into a fresh
// project outside the workspace, once per Node version, runs smoke.mjs and the `wismo` bin there,
// then docs/getting-started.md followed from an empty folder on Node 24, then the installed
// core + sandbox dist in @edge-runtime/vm. What each step checks: README.md.
// Usage: node scripts/packed-install/run.mjs [--node 22,24] [--keep]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { bundleEdgeWorker, runEdgeScenario } from './edge.mjs'
import { followGettingStarted } from './getting-started.mjs'
import { nodeOf } from './node-versions.mjs'
import { packAll, publicPackages, tarballManifest, workspaceRanges } from './pack.mjs'
import { coreBuiltinImports, installedTreeProblems, installProject, runCli, runSmoke } from './project.mjs'

const root = resolve(import.meta.dirname, '..', '..')
const { values } = parseArgs({
  options: { node: { type: 'string', default: '22,24' }, keep: { type: 'boolean' } },
})

function check(what, problems) {
  if (problems.length > 0) throw new Error(`${what}:\n  ${problems.join('\n  ')}`)
}

/** One Node version: fresh project, install, checks, smoke; answers the line to print. */
function onNode(work, major, tarballs, names) {
  const runtime = nodeOf(root, major)
  const dir = join(work, `node-${major}`)
  const started = performance.now()
  installProject(dir, tarballs, runtime)
  check('installed @wismo/* packages', installedTreeProblems(dir, names))
  check('@wismo/core dist imports Node builtins', coreBuiltinImports(dir))
  const r = runSmoke(dir, names, runtime)
  runCli(dir, runtime)
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  return {
    dir,
    line: `packed-install: node ${r.node} ok: ${r.imported} packages imported; ${r.trackingNumber} ${r.status} with ${r.scans} scans from ${r.webhooks} webhooks, eta ${r.eta}; forged webhook 401; wismo demo ok (${seconds} s)`,
  }
}

/** The installed core and sandbox dist, bundled for the edge and run in an isolate. */
async function onEdge(dir) {
  const code = await bundleEdgeWorker({ resolveDir: dir })
  const r = await runEdgeScenario(
    code,
    `whsec_${Buffer.from('packed-install-edge-check-secret').toString('base64')}`,
  )
  const ok = r.status === 'delivered' && r.answers.every((s) => s === 200) && r.eta !== null
  if (!ok || r.nodeGlobals.some((t) => t !== 'undefined')) throw new Error(`edge run: ${JSON.stringify(r)}`)
  return `packed-install: edge ok: installed core + sandbox dist in @edge-runtime/vm; ${r.trackingNumber} ${r.status} with ${r.scans} scans, no process/Buffer/require`
}

const work = mkdtempSync(join(tmpdir(), 'wismo-packed-'))
try {
  const packages = publicPackages(root)
  const packed = packAll(root, packages, join(work, 'tarballs'))
  check(
    'workspace: ranges left in tarballs',
    packed.flatMap(({ name, tarball }) =>
      workspaceRanges(tarballManifest(tarball)).map((r) => `${name}: ${r}`),
    ),
  )
  const tarballs = packed.map((p) => p.tarball)
  const names = packed.map((p) => p.name)
  let first
  for (const major of values.node.split(',')) {
    const { dir, line } = onNode(work, major.trim(), tarballs, names)
    console.log(line)
    first ??= dir
  }
  // docs/getting-started.md as a reader follows it, on the Node the page recommends (README.md)
  const tarballMap = new Map(packed.map((p) => [p.name, p.tarball]))
  const reader = await followGettingStarted(
    root,
    join(work, 'getting-started'),
    tarballMap,
    nodeOf(root, '24'),
  )
  console.log(`${reader.timeline}\n${reader.line}`)
  console.log(await onEdge(first))
} catch (error) {
  console.error(`packed-install: FAILED (${work})\n${error.message}`)
  values.keep = true
  process.exitCode = 1
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true })
}
