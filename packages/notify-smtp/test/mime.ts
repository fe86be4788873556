/** A minimal reader of the messages nodemailer writes, for asserting what the server received. */

export interface Part {
  headers: Map<string, string>
  body: string
  parts: Part[]
}

/** Headers (names lower-cased, folded lines joined) and the decoded body or sub-parts. */
export function parseMime(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n')
  const head = split < 0 ? raw : raw.slice(0, split)
  const rest = split < 0 ? '' : raw.slice(split + 4)
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1]
  if (boundary) {
    const parts = rest
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => parseMime(p.replace(/^\r\n/, '').replace(/\r\n$/, '')))
    return { headers, body: '', parts }
  }
  const body = decode(rest.replace(/\r\n$/, ''), headers.get('content-transfer-encoding'))
  return { headers, body, parts: [] }
}

function decode(body: string, encoding = '7bit'): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (/quoted-printable/i.test(encoding)) {
    const soft = body.replace(/=\r\n/g, '')
    const bytes: number[] = []
    for (let i = 0; i < soft.length; i++) {
      const hex = soft[i] === '=' ? soft.slice(i + 1, i + 3) : ''
      if (/^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(Number.parseInt(hex, 16))
        i += 2
      } else bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'))
    }
    return Buffer.from(bytes).toString('utf8')
  }
  return body
}

/** The sub-part with this content type (`text/plain`, `text/html`). */
export function partOf(message: Part, type: string): Part | undefined {
  return message.parts.find((p) => (p.headers.get('content-type') ?? '').startsWith(type))
}
