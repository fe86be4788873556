import { mkdirSync, writeFileSync } from 'node:fs'
import { isWismoError, type Location } from '@wismo/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAP_CSS, type MapStop, routeMap, warmRouteMap } from '../../src/map/index.ts'
import { xmlProblems } from './xml-check.ts'

const at = (city: string, region: string, country: string): Location => ({ city, region, country })
const stop = (kind: MapStop['kind'], location: Location, label: string): MapStop => ({
  kind,
  location,
  label,
})
const options = { title: 'Route of your parcel', idPrefix: 'map-1' }

/** A US cross-country route: the biggest map the sandbox draws with the detailed basemap. */
const coastToCoast: MapStop[] = [
  stop('origin', at('Seattle', 'WA', 'US'), 'Seattle, WA · Mon 2 Mar 09:12'),
  stop('scan', at('San Francisco', 'CA', 'US'), 'San Francisco, CA · Mon 2 Mar 21:40'),
  stop('scan', at('Phoenix', 'AZ', 'US'), 'Phoenix, AZ · Tue 3 Mar 11:05'),
  stop('current', { text: 'DALLAS, TX, US' }, 'Dallas, TX · Wed 4 Mar 06:30'),
  stop('destination', { city: 'Miami', region: 'FL', postalCode: '33126', country: 'US' }, 'Miami, FL'),
]

/** Auckland to San Francisco over the date line. */
const overThePacific: MapStop[] = [
  stop('origin', at('Auckland', 'AUK', 'NZ'), 'Auckland'),
  stop('current', at('Honolulu', 'HI', 'US'), 'Honolulu, HI'),
  stop('destination', at('San Francisco', 'CA', 'US'), 'San Francisco, CA'),
]

/** Tokyo to Seattle, the other way over the date line. */
const tokyoToSeattle: MapStop[] = [
  stop('origin', at('Tokyo', '13', 'JP'), 'Tokyo'),
  stop('scan', at('Anchorage', 'AK', 'US'), 'Anchorage, AK'),
  stop('destination', at('Seattle', 'WA', 'US'), 'Seattle, WA'),
]

beforeAll(() => warmRouteMap())

describe('routeMap', () => {
  it('draws well-formed, accessible SVG with a marker per placed stop', () => {
    const { svg, placed, unplaced } = routeMap(coastToCoast, options)
    expect(unplaced).toEqual([])
    expect(placed.map((s) => s.kind)).toEqual(['origin', 'scan', 'scan', 'current', 'destination'])
    expect(xmlProblems(svg ?? '')).toEqual([])
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="map-1-title map-1-desc"/)
    expect(svg).toMatch(/viewBox="0 0 640 400" width="100%" preserveAspectRatio="xMidYMid meet"/)
    expect(svg).toContain('<title id="map-1-title">Route of your parcel</title>')
    expect(svg).toContain(
      '<desc id="map-1-desc">Origin: Seattle, WA · Mon 2 Mar 09:12; Scan: San Francisco, CA · Mon 2 Mar 21:40;',
    )
    expect(svg?.match(/<g class="wm-map-stop /g)).toHaveLength(placed.length)
    for (const s of placed) expect(svg).toContain(`<title>${s.label}</title>`)
    for (const cls of [
      'wm-map-land',
      'wm-map-border',
      'wm-map-route',
      'wm-map-route-ahead',
      'wm-map-current',
    ]) {
      expect(svg).toContain(cls)
    }
  })

  it('uses no inline colours: the page themes the map through MAP_CSS', () => {
    const { svg } = routeMap(coastToCoast, options)
    expect(svg).not.toMatch(/fill=|stroke=|style=|#[0-9a-f]{3,6}\b/i)
    expect(MAP_CSS).toContain('var(--wm-brand')
    expect(MAP_CSS).toContain('var(--wm-water')
  })

  it('keeps every placed stop inside the frame, also across the date line', () => {
    for (const stops of [coastToCoast, overThePacific, tokyoToSeattle]) {
      const { placed } = routeMap(stops, options)
      expect(placed).toHaveLength(stops.length)
      for (const s of placed) {
        expect(s.x).toBeGreaterThan(20)
        expect(s.x).toBeLessThan(620)
        expect(s.y).toBeGreaterThan(20)
        expect(s.y).toBeLessThan(380)
      }
    }
  })

  it('lists stops it cannot place and never draws them', () => {
    const lost = stop('scan', { text: 'Springfield' }, 'Springfield · Tue')
    const unknown = stop('scan', at('Xyzzyville', 'TX', 'US'), 'Xyzzyville · Wed')
    const { placed, unplaced, svg } = routeMap([coastToCoast[0] as MapStop, lost, unknown], options)
    expect(unplaced).toEqual([lost, unknown])
    expect(placed).toHaveLength(1)
    expect(svg).not.toContain('Springfield')
  })

  it('merges consecutive stops at one place, keeping the latest label', () => {
    const { placed, svg } = routeMap(
      [
        stop('origin', at('Boston', 'MA', 'US'), 'Boston · picked up'),
        stop('scan', at('Boston', 'MA', 'US'), 'Boston · departed'),
        stop('current', at('Chicago', 'IL', 'US'), 'Chicago · arrived'),
      ],
      options,
    )
    expect(placed.map((s) => [s.kind, s.label])).toEqual([
      ['origin', 'Boston · departed'],
      ['current', 'Chicago · arrived'],
    ])
    expect(svg).not.toContain('picked up')
  })

  it('takes places a few km apart as one (a city centre and its ZIP), the scan labelling a reached destination', () => {
    const { placed } = routeMap(
      [
        stop('origin', at('Boston', 'MA', 'US'), 'Boston'),
        stop(
          'current',
          { city: 'Denver', region: 'CO', postalCode: '80249', country: 'US' },
          'Denver · delivered',
        ),
        stop('destination', at('Denver', 'CO', 'US'), 'Destination: Denver'),
      ],
      options,
    )
    expect(placed.map((s) => [s.kind, s.label])).toEqual([
      ['origin', 'Boston'],
      ['current', 'Denver · delivered'],
    ])
  })

  it('escapes labels and the title', () => {
    const evil = '<script>alert("x")</script> & co'
    const { svg } = routeMap([stop('current', at('Leipzig', 'SN', 'DE'), evil)], {
      ...options,
      title: 'A & B',
    })
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co')
    expect(svg).toContain('<title id="map-1-title">A &amp; B</title>')
    expect(xmlProblems(svg ?? '')).toEqual([])
  })

  it('is deterministic: same stops, same bytes', () => {
    expect(routeMap(coastToCoast, options).svg).toBe(routeMap(structuredClone(coastToCoast), options).svg)
  })

  it('stays small', () => {
    for (const stops of [coastToCoast, overThePacific]) {
      expect(routeMap(stops, options).svg?.length).toBeLessThan(60_000)
    }
  })

  it('draws a single place zoomed to its region, without a route line', () => {
    const { svg, placed } = routeMap([stop('current', at('Leipzig', 'SN', 'DE'), 'Leipzig Hub')], options)
    expect(placed).toHaveLength(1)
    expect(svg).toContain('wm-map-land')
    expect(svg).not.toContain('wm-map-route')
    expect(xmlProblems(svg ?? '')).toEqual([])
  })

  it('returns no SVG when nothing can be placed', () => {
    expect(routeMap([], options)).toEqual({ svg: null, placed: [], unplaced: [] })
    const lost = stop('scan', { text: 'Somewhere' }, 'Somewhere')
    expect(routeMap([lost], options)).toEqual({ svg: null, placed: [], unplaced: [lost] })
  })

  it('prefixes its ids so two maps can share a page, and refuses a prefix that is not an id', () => {
    const second = routeMap(coastToCoast, { ...options, idPrefix: 'map-2' }).svg
    expect(second).toContain('id="map-2-title"')
    expect(second).not.toContain('map-1')
    expect.assertions(3)
    try {
      routeMap(coastToCoast, { ...options, idPrefix: 'a" onload="x' })
    } catch (e) {
      expect(isWismoError(e, 'INPUT_INVALID')).toBe(true)
    }
  })

  it('names the kinds of stop in the caller’s language', () => {
    const { svg } = routeMap(overThePacific, {
      ...options,
      kindNames: { origin: 'Start', current: 'Aktuell', destination: 'Ziel' },
    })
    expect(svg).toContain('>Start: Auckland; Aktuell: Honolulu, HI; Ziel: San Francisco, CA</desc>')
  })

  it('writes examples to look at (test/map/__output__, git-ignored)', () => {
    const dir = new URL('./__output__/', import.meta.url)
    mkdirSync(dir, { recursive: true })
    for (const [name, stops] of Object.entries({ coastToCoast, overThePacific, tokyoToSeattle })) {
      const { svg } = routeMap(stops, { ...options, idPrefix: name })
      writeFileSync(new URL(`${name}.svg`, dir), svg ?? '')
      writeFileSync(new URL(`${name}.html`, dir), `<!doctype html><style>${MAP_CSS}</style>${svg}`)
    }
  })
})
