import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import type { DocBlock } from './extract.ts'

/** A type error in a docs block, located in the Markdown file. */
export interface DocProblem {
  /** `path/to/file.md:line` */
  where: string
  message: string
}

/**
 * Type-check every block in ONE TypeScript program with the repository's `tsconfig.base.json`
 * settings. Each block is written to `<outDir>/<n>.mts` (an ES module, so top-level `await`
 * works) followed by `export {}`; the ambient `prelude` file is part of the program. Imports of
 * `@wismo/*` and third-party packages resolve as from inside the workspace: first next to the
 * block, then from each workspace package in turn, with the `@wismo/source` condition, so docs
 * are checked against the sources.
 */
export function checkBlocks(
  root: string,
  blocks: readonly DocBlock[],
  outDir: string,
  prelude: string,
): DocProblem[] {
  mkdirSync(outDir, { recursive: true })
  const files = new Map<string, DocBlock>()
  for (const [i, block] of blocks.entries()) {
    const path = join(outDir, `${String(i).padStart(3, '0')}.mts`)
    writeFileSync(path, `${block.code}\nexport {}\n`)
    files.set(path, block)
  }
  const options = compilerOptions(root)
  const host = ts.createCompilerHost(options)
  host.getCurrentDirectory = () => root
  host.resolveModuleNameLiterals = workspaceResolver(root, options, host)
  const program = ts.createProgram({ rootNames: [prelude, ...files.keys()], options, host })
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => locate(root, d, files))
    .sort((a, b) => a.where.localeCompare(b.where, 'en', { numeric: true }))
}

function compilerOptions(root: string): ts.CompilerOptions {
  const path = join(root, 'tsconfig.base.json')
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile)
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent({ ...config, files: [] }, ts.sys, root, undefined, path)
  // Blocks are never emitted: no declaration rules ("inferred type cannot be named").
  return { ...parsed.options, noEmit: true, declaration: false }
}

/** Resolve like Node from the block, then as if the import were written in each workspace package. */
function workspaceResolver(root: string, options: ts.CompilerOptions, host: ts.CompilerHost) {
  const fromDirs = ['packages', 'examples'].flatMap((parent) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(root, parent, d.name, 'index.ts')),
  )
  const cache = ts.createModuleResolutionCache(root, (f) => f, options)
  const resolve = (name: string, from: string, mode: ts.ResolutionMode) =>
    ts.resolveModuleName(name, from, options, host, cache, undefined, mode)
  return (
    literals: readonly ts.StringLiteralLike[],
    containingFile: string,
    _redirect: unknown,
    _options: unknown,
    file: ts.SourceFile,
  ): ts.ResolvedModuleWithFailedLookupLocations[] =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(file, literal, options)
      const first = resolve(literal.text, containingFile, mode)
      if (first.resolvedModule) return first
      for (const from of fromDirs) {
        const next = resolve(literal.text, from, mode)
        if (next.resolvedModule) return next
      }
      return first
    })
}

function locate(root: string, d: ts.Diagnostic, files: ReadonlyMap<string, DocBlock>): DocProblem {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
  const block = d.file ? files.get(d.file.fileName) : undefined
  if (!d.file || d.start === undefined) return { where: '(program)', message: `TS${d.code}: ${message}` }
  const { line } = d.file.getLineAndCharacterOfPosition(d.start)
  const where = block
    ? `${block.file}:${block.line + line}`
    : `${relative(root, d.file.fileName)}:${line + 1}`
  return { where, message: `TS${d.code}: ${message}` }
}
