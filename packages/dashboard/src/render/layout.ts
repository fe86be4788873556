import { html, type Markup, trusted } from '@wismo/core/html'
import { DASHBOARD_CSS } from './css.ts'

/** The pages in the navigation, in order. */
export const SECTIONS = [
  { id: 'search', label: 'Search', path: '' },
  { id: 'attention', label: 'Needs attention', path: '/attention' },
  { id: 'metrics', label: 'Metrics', path: '/metrics' },
] as const

export type SectionId = (typeof SECTIONS)[number]['id']

export interface Frame {
  basePath: string
  title: string
  /** The signed-in person's name; `null` on refusal pages. */
  who: string | null
  current: SectionId | null
}

/** The document around a page: header with navigation and who is signed in, then `body`. */
export function layout(frame: Frame, heading: string, body: Markup): string {
  const nav = frame.who === null ? '' : navigation(frame)
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<meta name="referrer" content="no-referrer">
<title>${heading} · ${frame.title}</title>
<style>${trusted(DASHBOARD_CSS)}</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="top">
<p class="brand">${frame.title}</p>
${nav}
${frame.who === null ? '' : html`<p class="who">Signed in as <strong>${frame.who}</strong></p>`}
</header>
<main id="content" tabindex="-1">
<h1>${heading}</h1>
${body}
</main>
</body>
</html>`}`
}

function navigation(frame: Frame): Markup {
  const items = SECTIONS.map(
    (s) =>
      html`<li><a href="${frame.basePath}${s.path || '/'}"${s.id === frame.current ? trusted(' aria-current="page"') : ''}>${s.label}</a></li>`,
  )
  return html`<nav aria-label="Dashboard"><ul>${items}</ul></nav>`
}
