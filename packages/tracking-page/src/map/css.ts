/**
 * Default look of the route map, for the page to inline. Colours come from custom properties
 * (`--wm-brand`, `--wm-ink`, `--wm-muted`, `--wm-land`, `--wm-water`) so the page theme sets them.
 */
export const MAP_CSS = `.wm-map{display:block;max-width:100%;height:auto}
.wm-map-water{fill:var(--wm-water,#d6e4f0)}
.wm-map-land{fill:var(--wm-land,#f4f1e8)}
.wm-map-border{fill:none;stroke:var(--wm-muted,#8a94a0);stroke-width:.6;stroke-opacity:.6;stroke-linejoin:round}
.wm-map-route{fill:none;stroke:var(--wm-brand,#2458d6);stroke-width:3;stroke-linecap:round;stroke-linejoin:round}
.wm-map-route-ahead{stroke:var(--wm-muted,#8a94a0);stroke-width:2.5;stroke-dasharray:2 7}
.wm-map-stop{fill:var(--wm-brand,#2458d6);stroke:#fff;stroke-width:1.5}
.wm-map-origin{fill:#fff;stroke:var(--wm-brand,#2458d6);stroke-width:3}
.wm-map-destination{fill:var(--wm-ink,#1c2430);stroke:#fff;stroke-width:2}
.wm-map-current{fill:var(--wm-brand,#2458d6);stroke:#fff;stroke-width:2.5}
.wm-map-current .wm-map-current-ring{fill:var(--wm-brand,#2458d6);fill-opacity:.18;stroke:var(--wm-brand,#2458d6);stroke-width:1.5}
`
