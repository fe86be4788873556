import { existsSync, readdirSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

// One vitest project per workspace package/example; all resolve sibling packages from source
// through the `@wismo/source` export condition, so tests need no build step.
const conditions = ['@wismo/source']
const folders = ['packages', 'examples'].flatMap((parent) =>
  readdirSync(parent, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${parent}/${d.name}/package.json`))
    .map((d) => ({ name: d.name, root: `${parent}/${d.name}` })),
)

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // Embedded PostgreSQL (PGlite) and real servers start in hooks; on a loaded 2-core CI
    // machine that can take longer than vitest's 10 s default.
    hookTimeout: 60_000,
    projects: [
      ...folders.map(({ name, root }) => ({
        extends: true,
        test: { name, root, include: ['src/**/*.test.ts', 'test/**/*.test.ts', '*.test.ts'] },
      })),
      // Type-checks the code blocks of README.md, docs/ and package READMEs.
      { extends: true, test: { name: 'docs', root: '.', include: ['test/**/*.test.ts'] } },
    ],
  },
})
