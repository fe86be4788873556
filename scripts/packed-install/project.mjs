// A fresh project outside the workspace, set up as a user would: `npm install <tarballs>` from
// the registry, then checks on what landed in node_modules and the smoke program on that Node.
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { workspaceRanges } from './pack.mjs'

const SMOKE = new URL('./smoke.mjs', import.meta.url).pathname
const BUILTINS = new Set(builtinModules)

/**
 * Installs the tarballs into `<dir>` with npm running on `runtime`'s Node. A warning from npm
 * (a peer range that does not fit, an engine, a deprecated dependency) fails the check: a user
 * would see it on every install.
 */
export function installProject(dir, tarballs, runtime) {
  mkdirSync(dir, { recursive: true })
  const manifest = { name: 'wismo-packed-install-check', private: true, type: 'module' }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...tarballs], {
    cwd: dir,
    env: runtime.env,
    encoding: 'utf8',
  })
  if (npm.status !== 0) throw new Error(`npm install failed:\n${npm.stderr || npm.error?.message}`)
  const warnings = npm.stderr.split('\n').filter((line) => /^npm warn/i.test(line))
  if (warnings.length > 0) throw new Error(`npm install warned:\n  ${warnings.join('\n  ')}`)
}

/**
 * Problems in the installed tree: a `workspace:` range left in a manifest (unusable outside
 * pnpm), or a `@wismo/*` package that npm took from elsewhere than the tarballs or installed twice.
 */
export function installedTreeProblems(dir, names) {
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8'))
  const copies = Object.entries(lock.packages).filter(([path]) =>
    names.some((n) => path.endsWith(`node_modules/${n}`)),
  )
  return [
    ...copies
      .filter(([, entry]) => !entry.resolved?.startsWith('file:'))
      .map(([path, e]) => `${path}: from ${e.resolved ?? 'the registry'}`),
    ...copies
      .filter(([path]) => path.split('node_modules/').length > 2)
      .map(([path]) => `${path}: a second copy`),
    ...names.flatMap((name) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'))
      return workspaceRanges(manifest).map((range) => `${name}: ${range}`)
    }),
  ]
}

/**
 * Node builtins that `@wismo/core`'s installed dist imports, as `file: specifier` strings. Core
 * promises Web APIs only (it runs on edge runtimes), so this must be empty.
 */
export function coreBuiltinImports(dir) {
  const dist = join(dir, 'node_modules', '@wismo', 'core', 'dist')
  const files = readdirSync(dist, { recursive: true }).filter((f) => /\.m?js$/.test(f))
  return files.flatMap((file) =>
    importSpecifiers(readFileSync(join(dist, file), 'utf8'))
      .filter((s) => s.startsWith('node:') || BUILTINS.has(s.split('/')[0]))
      .map((s) => `${file}: ${s}`),
  )
}

/** Runs the smoke program inside the project on `runtime`'s Node; answers its JSON summary. */
export function runSmoke(dir, names, runtime) {
  copyFileSync(SMOKE, join(dir, 'smoke.mjs'))
  const out = execFileSync(runtime.node, ['smoke.mjs', names.join(',')], {
    cwd: dir,
    env: runtime.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out.trim().split('\n').at(-1))
}

/** Static and dynamic import specifiers of an ES module's text (esbuild/tsup output). */
function importSpecifiers(code) {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g
  return [...code.matchAll(pattern)].map((m) => m[1])
}

/**
 * The installed `wismo` bin, run as a user would on `runtime`'s Node: `--help` names every command
 * with its summary, and `wismo demo` (SQLite, sandbox, tracking page, e-mail to a loopback SMTP
 * server) runs one order to the end. Answers the demo's `Summary:` line.
 */
export function runCli(dir, runtime) {
  const wismo = (...args) => {
    try {
      return execFileSync(join(dir, 'node_modules', '.bin', 'wismo'), args, {
        cwd: dir,
        env: runtime.env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    } catch (error) {
      throw new Error(`wismo ${args.join(' ')} failed: ${error.stderr || error.message}`)
    }
  }
  const help = wismo('--help')
  if (/\bundefined\b/.test(help))
    throw new Error(`wismo --help lists a command without its summary:\n${help}`)
  const summary = wismo('demo', '--shipments', '1', '--exit')
    .split('\n')
    .find((line) => line.startsWith('Summary:'))
  if (!summary) throw new Error('wismo demo printed no Summary line')
  return summary
}
