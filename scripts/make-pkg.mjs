// one-off helper used while scaffolding; kept so new packages get the same shape
import { mkdirSync, writeFileSync } from 'node:fs'

const [name, description, depsJson = '{}', peerJson = '{}', devJson = '{}', extraExports = '{}'] =
  process.argv.slice(2)
const dir = `packages/${name}`
mkdirSync(`${dir}/src`, { recursive: true })
const entry = (src, out) => ({ '@wismo/source': src, types: out.replace(/\.js$/, '.d.ts'), import: out })
const exportsMap = { '.': entry('./src/index.ts', './dist/index.js') }
for (const [k, v] of Object.entries(JSON.parse(extraExports)))
  exportsMap[k] = entry(`./src/${v}.ts`, `./dist/${v}.js`)
const pkg = {
  name: name === 'cli' ? 'wismo' : `@wismo/${name}`,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  exports: exportsMap,
  files: ['dist', 'src', '!src/**/*.test.ts', 'README.md'],
  engines: { node: '>=22.12.0' },
  scripts: {
    build: `tsup ${['src/index.ts', ...Object.values(JSON.parse(extraExports)).map((v) => `src/${v}.ts`)].join(' ')} --format esm --dts --clean --target node22`,
    'check:package': 'publint && attw --pack --profile esm-only',
  },
  dependencies: JSON.parse(depsJson),
  peerDependencies: JSON.parse(peerJson),
  devDependencies: JSON.parse(devJson),
}
for (const k of ['dependencies', 'peerDependencies', 'devDependencies'])
  if (!Object.keys(pkg[k]).length) delete pkg[k]
writeFileSync(`${dir}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`)
