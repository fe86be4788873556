// Packs every public workspace package the way `pnpm publish` would, and checks the manifests
// inside the tarballs: pnpm must have rewritten every `workspace:` range to a real version.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Manifest fields whose ranges npm resolves when a user installs the package. */
const RANGE_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']

/** Every non-private package under `packages/`, as `{ name, dir }`, in folder order. */
export function publicPackages(root) {
  const parent = join(root, 'packages')
  return readdirSync(parent, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(parent, d.name, 'package.json')))
    .map((d) => ({ dir: join(parent, d.name), manifest: readJson(join(parent, d.name, 'package.json')) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir, main: manifest.exports?.['.']?.import }))
}

/**
 * `pnpm pack` the packages into `destination` (one pnpm run for all: a run per package costs
 * seconds each); answers `{ name, tarball }[]`. A package whose `dist` is missing is refused
 * first: packing it would ship a package without its code.
 */
export function packAll(root, packages, destination) {
  for (const { name, dir, main } of packages)
    if (main && !existsSync(join(dir, main)))
      throw new Error(`${name}: ${main} is missing; run \`pnpm build\` first`)
  const filters = packages.flatMap(({ dir }) => ['--filter', `./${relative(root, dir)}`])
  const out = execFileSync('pnpm', ['-r', ...filters, 'pack', '--json', '--pack-destination', destination], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const packed = new Map([JSON.parse(out)].flat().map((p) => [p.name, p.filename]))
  return packages.map(({ name }) => {
    if (!packed.has(name)) throw new Error(`${name}: pnpm pack wrote no tarball`)
    return { name, tarball: packed.get(name) }
  })
}

/** Every `workspace:` range left in one manifest, as `field.name: range` strings. */
export function workspaceRanges(manifest) {
  return RANGE_FIELDS.flatMap((field) =>
    Object.entries(manifest[field] ?? {})
      .filter(([, range]) => String(range).startsWith('workspace:'))
      .map(([dep, range]) => `${field}.${dep}: ${range}`),
  )
}

/** The `package/package.json` inside a tarball, parsed. */
export function tarballManifest(tarball) {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }))
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}
