import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { NextConfig } from 'next'

const config: NextConfig = {
  // Loaded by Node at run time, not bundled: better-sqlite3 is a native addon, and the tracking
  // page reads its offline map data with `require` at run time, which a bundle cannot follow.
  // One list for every Wismo package, so the process holds one copy of @wismo/core.
  serverExternalPackages: [
    '@wismo/core',
    '@wismo/carrier-sandbox',
    '@wismo/store-sqlite',
    '@wismo/tracking-page',
    'better-sqlite3',
  ],
  turbopack: { resolveAlias: workspaceSources() },
}

export default config

/**
 * Only inside the Wismo repository: point each `@wismo/*` import at the package's TypeScript
 * source (its `@wismo/source` export), so `next build` works before `pnpm build` has made any
 * `dist`. Turbopack has no option for custom export conditions; an alias per export is the same
 * thing written out. Turbopack bundles workspace packages whatever the list above says (they are
 * not under node_modules), so here the page is drawn without its map (see the README).
 * In your app the packages come from npm with `dist`: delete this function.
 */
function workspaceSources(): Record<string, string> {
  const app = import.meta.dirname
  const packages = join(app, '../../packages')
  if (!existsSync(packages)) return {}
  const aliases: Record<string, string> = {}
  for (const folder of readdirSync(packages)) {
    const manifest = join(packages, folder, 'package.json')
    if (!existsSync(manifest)) continue
    const { name, exports } = JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson
    for (const [subpath, target] of Object.entries(exports ?? {})) {
      const source = typeof target === 'object' ? target['@wismo/source'] : undefined
      if (!source) continue
      const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`
      aliases[specifier] = `./${relative(app, join(packages, folder, source))}`
    }
  }
  return aliases
}

interface PackageJson {
  name: string
  exports?: Record<string, string | Record<string, string>>
}
