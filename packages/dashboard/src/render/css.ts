/** The only stylesheet, inlined (the CSP allows no other source). Contrast is WCAG AA throughout. */
export const DASHBOARD_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#16191d;background:#f3f4f6}
a{color:#1d4ed8}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
header.top{background:#1f2937;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}
header.top .brand{font-weight:700;margin:0}
header.top nav ul{list-style:none;margin:0;padding:0;display:flex;gap:.25rem 1rem;flex-wrap:wrap}
header.top nav a{color:#fff;display:inline-block;padding:.5rem .25rem}
header.top nav a[aria-current]{font-weight:700;text-decoration-thickness:3px}
header.top .who{margin:0 0 0 auto;font-size:.9rem;color:#e5e7eb}
main{max-width:80rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .5rem}
section.card{background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgb(0 0 0/.12);overflow-x:auto}
.muted{color:#4b5563}
.notice{border-left:4px solid #1d4ed8;background:#eff6ff;padding:.5rem .75rem;border-radius:4px}
.error{border-left-color:#b91c1c;background:#fef2f2}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end}
label{display:block;font-weight:600;font-size:.9rem}
input,select{font:inherit;padding:.45rem .6rem;border:1px solid #6b7280;border-radius:6px;background:#fff;color:#16191d;min-height:2.5rem}
input[type=search]{min-width:min(28rem,100%)}
button{font:inherit;font-weight:600;background:#1d4ed8;color:#fff;border:0;border-radius:6px;padding:.5rem 1rem;min-height:2.5rem;cursor:pointer}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{background:#f9fafb;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.tag{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.8rem;font-weight:600;background:#e5e7eb;color:#111827}
.tag.bad{background:#fee2e2;color:#7f1d1d}
.tag.warn{background:#fef3c7;color:#78350f}
.tag.good{background:#dcfce7;color:#14532d}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.facts dt{color:#4b5563}
dl.facts dd{margin:0;word-break:break-word}
details{margin:.5rem 0}
summary{cursor:pointer;font-weight:600;padding:.25rem 0}
pre{background:#111827;color:#f9fafb;padding:.75rem;border-radius:6px;overflow:auto;max-height:32rem;font-size:.8rem;white-space:pre-wrap;word-break:break-word}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(24rem,1fr));gap:1rem}
figure{margin:0}
figcaption{font-weight:600;margin:0 0 .25rem}
svg.chart{display:block;width:100%;height:auto;max-width:40rem}
svg.chart text{font:12px system-ui,sans-serif;fill:#1f2937}
svg.chart .bar{fill:#2563eb}
svg.chart .bar.alt{fill:#b45309}
svg.chart .axis{stroke:#6b7280;stroke-width:1}
svg.chart .line{fill:none;stroke:#2563eb;stroke-width:2}
svg.chart .area{fill:#bfdbfe}
ul.plain{list-style:none;padding:0;margin:0}
@media (min-width:48rem){main{padding:1.5rem}}
`
  .trim()
  .replace(/\n/g, '')
