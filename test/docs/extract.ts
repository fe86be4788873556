/** One fenced ```ts block of a Markdown file. */
export interface DocBlock {
  /** Markdown file, relative to the repository root. */
  file: string
  /** 1-based line of the first line of code (the line after the opening fence). */
  line: number
  code: string
  /** Why the block is not type-checked, when it is marked so; `''` when marked without a reason. */
  skip?: string
}

const OPEN = /^(\s*)```(ts|typescript)\b(.*)$/
const CLOSE = /^\s*```\s*$/
const SKIP_INFO = /^\s*skip-check\b[:\s-]*(.*)$/
const SKIP_COMMENT = /^\s*<!--\s*not type-checked\b[:\s-]*(.*?)\s*-->\s*$/

/**
 * The ```ts and ```typescript blocks of a Markdown text, with the line each starts on. A block is
 * skipped when its fence says ```` ```ts skip-check: reason ```` or the line before the fence is
 * `<!-- not type-checked: reason -->`.
 * @example extractBlocks('README.md', text).map((b) => b.line)
 */
export function extractBlocks(file: string, text: string): DocBlock[] {
  const lines = text.split('\n')
  const blocks: DocBlock[] = []
  let open: { indent: number; start: number; skip?: string } | null = null
  let body: string[] = []
  for (const [i, line] of lines.entries()) {
    if (open) {
      if (CLOSE.test(line)) {
        blocks.push({ file, line: open.start, code: body.join('\n'), ...skipOf(open.skip) })
        open = null
      } else body.push(line.slice(Math.min(open.indent, leadingSpaces(line))))
      continue
    }
    const fence = OPEN.exec(line)
    if (!fence) continue
    open = { indent: fence[1]?.length ?? 0, start: i + 2, skip: skipReason(fence[3] ?? '', lines[i - 1]) }
    body = []
  }
  return blocks
}

function skipReason(info: string, previous: string | undefined): string | undefined {
  const fromInfo = SKIP_INFO.exec(info)
  if (fromInfo) return fromInfo[1]?.trim() ?? ''
  const fromComment = previous === undefined ? null : SKIP_COMMENT.exec(previous)
  return fromComment ? (fromComment[1]?.trim() ?? '') : undefined
}

const skipOf = (skip: string | undefined) => (skip === undefined ? {} : { skip })
const leadingSpaces = (line: string) => line.length - line.trimStart().length
