import { describe, expect, it } from 'vitest'
import { escapeHtml, html, Markup, pageHeaders, pageResponses, trusted } from './index.ts'

describe('html', () => {
  it('escapes every interpolated text, in content and in quoted attributes', () => {
    const text = `<script>alert("x")</script> & 'y'`
    expect(html`<p title="${text}">${text}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    )
    expect(escapeHtml('Zoë 📦')).toBe('Zoë 📦')
  })

  it('inserts markup as is, joins arrays, prints nothing for null, undefined and false, and prints 0', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`)
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}${trusted('<hr>')}`.toString()).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul>0<hr>',
    )
    expect(html`${'x'}` instanceof Markup).toBe(true)
  })
})

describe('page answers', () => {
  it('forbid scripts, framing, caching and referrers; images only from data: unless widened', () => {
    expect(pageHeaders()).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-robots-tag': 'noindex, nofollow',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    })
    expect(pageHeaders({ imageSources: ['https:', 'data:'] })['content-security-policy']).toContain(
      'img-src https: data:;',
    )
  })

  it('send HTML, JSON, bodiless and 303 answers, all with the headers', async () => {
    const page = pageResponses()
    const answers = [
      page.html('<p>hi</p>', 404, { 'x-extra': '1' }),
      page.json({ ok: true }),
      page.empty(405, { allow: 'GET' }),
      page.redirect('/track/A-1?saved=1'),
    ]
    expect(answers.map((r) => [r.status, r.headers.get('content-type')])).toEqual([
      [404, 'text/html; charset=utf-8'],
      [200, 'application/json; charset=utf-8'],
      [405, null],
      [303, null],
    ])
    expect(answers.every((r) => r.headers.get('cache-control') === 'no-store')).toBe(true)
    expect(answers[0]?.headers.get('x-extra')).toBe('1')
    expect(await answers[1]?.json()).toEqual({ ok: true })
    expect(answers[2]?.headers.get('allow')).toBe('GET')
    expect(answers[3]?.headers.get('location')).toBe('/track/A-1?saved=1')
  })
})
