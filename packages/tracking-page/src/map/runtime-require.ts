/**
 * A CommonJS `require` resolved from this module, made at run time through
 * `process.getBuiltinModule` (Node 22.3+) rather than a static `import { createRequire }`: bundlers
 * such as Next.js's Turbopack replace a statically visible `createRequire(import.meta.url)(id)`
 * with a "module not found" stub, and the map data would be missing in the built app.
 */
export function runtimeRequire(): NodeJS.Require {
  const { createRequire } = process.getBuiltinModule('node:module') as typeof import('node:module')
  return createRequire(import.meta.url)
}
