// Node.js binaries from the npm registry's `node` package, one folder per major version, cached
// under the git-ignored `.tools/packed-install/` so a rerun installs nothing.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'

/**
 * The Node.js of one major version: `{ major, node, version, env }`, installed on first use.
 * `env` puts that Node first on the PATH (npm and node-gyp then run on it) and points node-gyp at
 * its own headers, which the `node` package ships, so native addons build for that Node's ABI.
 */
export function nodeOf(root, major) {
  const prefix = join(root, '.tools', 'packed-install', `node-${major}`)
  const node = join(prefix, 'node_modules', 'node', 'bin', 'node')
  if (!existsSync(node)) install(prefix, major)
  if (!existsSync(node))
    throw new Error(`node@${major} installed without its binary (install scripts blocked?)`)
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  const headers = join(
    prefix,
    'node_modules',
    'node',
    'node_modules',
    `node-${process.platform}-${process.arch}`,
  )
  const env = {
    ...userEnv(),
    PATH: [dirname(node), process.env.PATH].join(delimiter),
    npm_config_nodedir: headers,
    npm_config_update_notifier: 'false',
  }
  return { major, node, version, env }
}

/**
 * The environment without what `pnpm run` adds (`npm_config_*` of pnpm's own settings, which npm
 * would warn about as unknown, `npm_package_*`, `npm_lifecycle_*`): a user's shell has none.
 */
function userEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^p?npm_/i.test(key)))
}

function install(prefix, major) {
  mkdirSync(prefix, { recursive: true })
  // The `node` package fetches its platform binary in a preinstall script: allow exactly that one.
  writeFileSync(join(prefix, 'package.json'), '{"private":true,"allowScripts":{"node":true}}\n')
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node@${major}`], {
    cwd: prefix,
    env: userEnv(),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}
