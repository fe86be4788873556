import { TEMPLATE_LOCALES, type TemplateLocale } from '@wismo/core'
import { html, type Markup, trusted } from '@wismo/core/html'
import { PAGE_COPY, type PageCopy } from '../copy.ts'
import type { TrackingPageSettings } from '../options.ts'
import { PAGE_CSS } from './css.ts'
import type { Theme } from './theme.ts'

export interface PageFrame {
  locale: TemplateLocale
  copy: PageCopy
  shop: TrackingPageSettings['shop']
  theme: Theme
  /** The current URL's path and query without `lang`, to build the language links. */
  here: string
}

/** The document around a page's content: theme, header with the shop and languages, footer. */
export function layout(frame: PageFrame, title: string, body: Markup, extraCss = ''): string {
  const { copy, shop, theme } = frame
  const vars = `:root{--wm-brand:${theme.brand};--wm-on-brand:${theme.onBrand};--wm-accent:${theme.accent};--wm-ink:#16191d;--wm-muted:#535a63;--wm-land:#dde2e7;--wm-water:#edf3f9}`
  return `<!doctype html>${html`<html lang="${frame.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} · ${shop.name}</title>
<style>${trusted(vars + PAGE_CSS + extraCss)}</style>
</head>
<body>
<a class="skip" href="#content">${copy.skipToContent}</a>
<header class="shop">
${shop.logoUrl ? html`<img src="${shop.logoUrl}" alt="${shop.name}">` : html`<p class="name">${shop.name}</p>`}
${languageNav(frame)}
</header>
<main id="content" tabindex="-1">
${body}
</main>
<footer>${shop.supportEmail ? html`<p>${copy.support} <a href="mailto:${shop.supportEmail}">${shop.supportEmail}</a>.</p>` : ''}${shop.supportUrl ? html`<p><a href="${shop.supportUrl}">${shop.supportUrl}</a></p>` : ''}</footer>
</body>
</html>`}`
}

function languageNav(frame: PageFrame): Markup {
  const [path, query = ''] = frame.here.split('?') as [string, string?]
  const links = TEMPLATE_LOCALES.map((locale) => {
    const params = new URLSearchParams(query)
    params.set('lang', locale)
    const label = PAGE_COPY[locale].language
    return locale === frame.locale
      ? html`<li><a href="${path}?${params}" aria-current="true" lang="${locale}">${label}</a></li>`
      : html`<li><a href="${path}?${params}" lang="${locale}" hreflang="${locale}">${label}</a></li>`
  })
  return html`<nav class="lang" aria-label="${frame.copy.languages}"><ul>${links}</ul></nav>`
}
