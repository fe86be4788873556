/**
 * A small, DOM-less well-formedness check for the SVG we write: every byte belongs to a tag or
 * to text, tags balance, attributes are quoted, and `&` only starts an entity. Returns the
 * problems found (none: `[]`).
 */
export function xmlProblems(xml: string): string[] {
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y
  const stack: string[] = []
  const problems: string[] = []
  let at = 0
  while (at < xml.length) {
    token.lastIndex = at
    const m = token.exec(xml)
    if (!m) return [...problems, `unparsable at ${at}: ${xml.slice(at, at + 40)}`]
    const [whole, closing, name, attrs, selfClosing, text] = m
    if (text !== undefined || attrs) checkEntities(text ?? attrs ?? '', problems)
    if (name && closing) {
      if (stack.pop() !== name) problems.push(`</${name}> closes nothing open at ${at}`)
    } else if (name && !selfClosing) stack.push(name)
    at += whole.length
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`)
  return problems
}

function checkEntities(text: string, problems: string[]): void {
  for (const m of text.matchAll(/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/g)) problems.push(`bare & at ${m.index}`)
}
