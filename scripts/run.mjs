#!/usr/bin/env node
// Quick-start launcher: works with any Node.js >= 20 and npm on the PATH.
// It provisions what the project needs into ./.tools (Node 24 when the system Node is older
// than 22, pnpm at the version pinned in package.json), installs the workspace from the
// lockfile, then runs the named root script through pnpm: `node scripts/run.mjs demo`.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tools = join(root, '.tools')
const NODE_VERSION = '24.21.0'
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]
const [script = 'test', ...given] = process.argv.slice(2)
// `run.mjs demo -- --seed 7` and `run.mjs demo --seed 7` both pass `--seed 7` to the script.
const rest = given[0] === '--' ? given.slice(1) : given

function fail(message) {
  console.error(`wismo quick start: ${message}`)
  process.exit(1)
}

function run(cmd, args, env = process.env, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env })
  if (r.error) fail(`could not start ${cmd}: ${r.error.message}`)
  return r.status ?? 1
}

function installedVersion(pkg) {
  const file = join(tools, 'node_modules', pkg, 'package.json')
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null
}

function provisionTools(needNode) {
  const want = [`pnpm@${pnpmVersion}`]
  if (needNode) want.push(`node@${NODE_VERSION}`)
  const missing = want.filter((spec) => installedVersion(spec.split('@')[0]) !== spec.split('@')[1])
  if (missing.length === 0) return
  mkdirSync(tools, { recursive: true })
  // The `node` package fetches its platform binary in a preinstall script: allow exactly that one.
  writeFileSync(join(tools, 'package.json'), '{"private":true,"allowScripts":{"node":true}}\n')
  console.log(`wismo quick start: installing ${missing.join(', ')} into .tools (npm registry)`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  // Run from .tools, so npm does not read the root .npmrc, which holds pnpm settings.
  const args = ['install', '--prefix', tools, '--no-save', '--no-audit', '--no-fund', ...want]
  const code = run(npm, args, process.env, tools)
  if (code !== 0) fail('npm could not install the tools above; check access to the npm registry')
  if (needNode && !existsSync(join(tools, 'node_modules', 'node', 'bin', 'node')))
    fail('the node package installed without its binary (were install scripts blocked?)')
}

const major = Number(process.versions.node.split('.')[0])
const needNode = major < 22
provisionTools(needNode)

const toolBin = join(tools, 'node_modules', '.bin')
const nodeBin = needNode ? join(tools, 'node_modules', 'node', 'bin') : dirname(process.execPath)
const usingToolNode = needNode || process.execPath.startsWith(tools)
const env = { ...process.env, PATH: [toolBin, nodeBin, process.env.PATH].join(delimiter) }
// Native addons (better-sqlite3) must build against the headers of the Node that runs them,
// not the system Node's; the `node` package ships them.
const headers = join(
  tools,
  'node_modules',
  'node',
  'node_modules',
  `node-${process.platform}-${process.arch}`,
)
if (usingToolNode && existsSync(join(headers, 'include', 'node'))) env.npm_config_nodedir = headers
env.npm_config_manage_package_manager_versions = 'false'

const pnpm = join(toolBin, process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm')
const lock = readFileSync(join(root, 'pnpm-lock.yaml'))
const stamp = createHash('sha256')
  .update(lock)
  .update(process.versions.node)
  .update(String(needNode))
  .digest('hex')
const stampFile = join(root, 'node_modules', '.wismo-install-stamp')
if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
  console.log('wismo quick start: installing dependencies from pnpm-lock.yaml')
  if (run(pnpm, ['install', '--frozen-lockfile'], env) !== 0) fail('pnpm install failed')
  writeFileSync(stampFile, stamp)
}
process.exit(run(pnpm, ['run', script, ...rest], env))
