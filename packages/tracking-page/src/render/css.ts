/**
 * The page's only stylesheet, inlined (no extra request, no JavaScript). Mobile first; the theme
 * arrives as custom properties set by the layout.
 */
export const PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--wm-ink);background:#f4f5f7}
a{color:var(--wm-accent)}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid var(--wm-accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
header.shop{background:var(--wm-brand);color:var(--wm-on-brand);padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
header.shop img{max-height:40px;max-width:160px}
header.shop .name{font-weight:700;font-size:1.15rem;margin:0}
nav.lang{margin-left:auto;font-size:.9rem}
nav.lang ul{list-style:none;margin:0;padding:0;display:flex;gap:.6rem;flex-wrap:wrap}
nav.lang a{color:var(--wm-on-brand);display:inline-block;padding:.6rem .25rem}
nav.lang [aria-current]{font-weight:700;text-decoration:none}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:0 0 .25rem}
h2.status{font-size:1.5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
.card{background:#fff;border-radius:12px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 3px rgb(0 0 0/.12)}
.muted{color:var(--wm-muted)}
.status{font-size:1.4rem;font-weight:700;margin:.25rem 0}
.notice{border-left:4px solid var(--wm-accent);background:#eef2f7;padding:.5rem .75rem;border-radius:4px}
.error{border-left-color:#b3261e;background:#fdecea}
.eta{font-size:1.1rem;margin:.5rem 0}
.eta strong{display:block;font-size:1.25rem}
.eta.done strong{display:inline}
h2 .parcel{display:block;font-size:1rem;font-weight:600;color:var(--wm-muted)}
.credit{font-size:.75rem;color:var(--wm-muted);margin:.25rem 0 0}
ol.steps{list-style:none;margin:1rem 0;padding:0}
ol.steps>li{position:relative;padding:0 0 1rem 2rem}
ol.steps>li::before{content:"";position:absolute;left:.3rem;top:.3rem;width:.9rem;height:.9rem;border-radius:50%;border:2px solid var(--wm-muted);background:#fff}
ol.steps>li::after{content:"";position:absolute;left:.7rem;top:1.3rem;bottom:0;width:2px;background:#d0d4da}
ol.steps>li:last-child::after{display:none}
ol.steps>li.done::before{background:var(--wm-accent);border-color:var(--wm-accent)}
ol.steps>li.current::before{background:#fff;border:4px solid var(--wm-accent);width:1.1rem;height:1.1rem;left:.2rem;top:.2rem}
ol.steps>li.upcoming{color:var(--wm-muted)}
ol.steps .step{font-weight:600}
ol.steps .when{display:block;font-size:.9rem;color:var(--wm-muted)}
ul.notes{list-style:none;margin:.25rem 0 0;padding:0}
ul.notes li{font-size:.9rem;border-left:3px solid #b3261e;padding:.1rem .5rem;margin:.25rem 0;background:#fdf3f2}
ul.notes li.available_for_pickup{border-left-color:var(--wm-accent);background:#eef2f7}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:.75rem 0}
dl.facts dt{color:var(--wm-muted)}
dl.facts dd{margin:0;word-break:break-word}
details{margin:.75rem 0}
summary{cursor:pointer;font-weight:600;padding:.25rem 0}
ol.scans{list-style:none;margin:.5rem 0;padding:0}
ol.scans li{padding:.5rem 0;border-top:1px solid #e3e6ea}
ol.scans .when{font-size:.9rem;color:var(--wm-muted)}
.map{margin:.75rem 0}
.map svg{display:block;max-width:100%;height:auto;border-radius:8px}
fieldset{border:1px solid #d0d4da;border-radius:8px;margin:.75rem 0;padding:.5rem .75rem}
legend{font-weight:600;padding:0 .25rem}
.stars{display:flex;flex-wrap:wrap;gap:.25rem .75rem}
.stars label,.checks label{display:flex;align-items:center;gap:.35rem;min-height:2.75rem}
input[type=radio],input[type=checkbox]{width:1.25rem;height:1.25rem;accent-color:var(--wm-accent)}
label.field{display:block;margin:.5rem 0 .25rem;font-weight:600}
input[type=text],input[type=email],input[type=time],textarea{width:100%;font:inherit;padding:.6rem;border:1px solid #8a9099;border-radius:6px;background:#fff;color:var(--wm-ink)}
input[type=time]{width:auto}
textarea{min-height:5rem}
button{font:inherit;font-weight:600;background:var(--wm-brand);color:var(--wm-on-brand);border:0;border-radius:8px;padding:.7rem 1.2rem;min-height:2.75rem;cursor:pointer;margin-top:.5rem}
.quiet{display:flex;gap:1rem;flex-wrap:wrap;align-items:end}
footer{max-width:46rem;margin:0 auto;padding:0 1rem 2rem;font-size:.9rem;color:var(--wm-muted)}
@media (min-width:40rem){main{padding:1.5rem}.card{padding:1.5rem}}
`
  .trim()
  .replace(/\n/g, '')
