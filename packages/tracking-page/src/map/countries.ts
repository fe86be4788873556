import { normalizeName } from './normalize.ts'

/**
 * ISO 3166-1 alpha-3 → alpha-2, as `AAA:AA` pairs (data, not code). Includes Kosovo's
 * user-assigned `XKX:XK`, which GeoNames uses.
 */
const ISO3 =
  'AFG:AF ALA:AX ALB:AL DZA:DZ ASM:AS AND:AD AGO:AO AIA:AI ATA:AQ ATG:AG ARG:AR ARM:AM ABW:AW ' +
  'AUS:AU AUT:AT AZE:AZ BHS:BS BHR:BH BGD:BD BRB:BB BLR:BY BEL:BE BLZ:BZ BEN:BJ BMU:BM BTN:BT ' +
  'BOL:BO BES:BQ BIH:BA BWA:BW BVT:BV BRA:BR IOT:IO BRN:BN BGR:BG BFA:BF BDI:BI CPV:CV KHM:KH ' +
  'CMR:CM CAN:CA CYM:KY CAF:CF TCD:TD CHL:CL CHN:CN CXR:CX CCK:CC COL:CO COM:KM COG:CG COD:CD ' +
  'COK:CK CRI:CR CIV:CI HRV:HR CUB:CU CUW:CW CYP:CY CZE:CZ DNK:DK DJI:DJ DMA:DM DOM:DO ECU:EC ' +
  'EGY:EG SLV:SV GNQ:GQ ERI:ER EST:EE SWZ:SZ ETH:ET FLK:FK FRO:FO FJI:FJ FIN:FI FRA:FR GUF:GF ' +
  'PYF:PF ATF:TF GAB:GA GMB:GM GEO:GE DEU:DE GHA:GH GIB:GI GRC:GR GRL:GL GRD:GD GLP:GP GUM:GU ' +
  'GTM:GT GGY:GG GIN:GN GNB:GW GUY:GY HTI:HT HMD:HM VAT:VA HND:HN HKG:HK HUN:HU ISL:IS IND:IN ' +
  'IDN:ID IRN:IR IRQ:IQ IRL:IE IMN:IM ISR:IL ITA:IT JAM:JM JPN:JP JEY:JE JOR:JO KAZ:KZ KEN:KE ' +
  'KIR:KI PRK:KP KOR:KR KWT:KW KGZ:KG LAO:LA LVA:LV LBN:LB LSO:LS LBR:LR LBY:LY LIE:LI LTU:LT ' +
  'LUX:LU MAC:MO MDG:MG MWI:MW MYS:MY MDV:MV MLI:ML MLT:MT MHL:MH MTQ:MQ MRT:MR MUS:MU MYT:YT ' +
  'MEX:MX FSM:FM MDA:MD MCO:MC MNG:MN MNE:ME MSR:MS MAR:MA MOZ:MZ MMR:MM NAM:NA NRU:NR NPL:NP ' +
  'NLD:NL NCL:NC NZL:NZ NIC:NI NER:NE NGA:NG NIU:NU NFK:NF MKD:MK MNP:MP NOR:NO OMN:OM PAK:PK ' +
  'PLW:PW PSE:PS PAN:PA PNG:PG PRY:PY PER:PE PHL:PH PCN:PN POL:PL PRT:PT PRI:PR QAT:QA REU:RE ' +
  'ROU:RO RUS:RU RWA:RW BLM:BL SHN:SH KNA:KN LCA:LC MAF:MF SPM:PM VCT:VC WSM:WS SMR:SM STP:ST ' +
  'SAU:SA SEN:SN SRB:RS SYC:SC SLE:SL SGP:SG SXM:SX SVK:SK SVN:SI SLB:SB SOM:SO ZAF:ZA SGS:GS ' +
  'SSD:SS ESP:ES LKA:LK SDN:SD SUR:SR SJM:SJ SWE:SE CHE:CH SYR:SY TWN:TW TJK:TJ TZA:TZ THA:TH ' +
  'TLS:TL TGO:TG TKL:TK TON:TO TTO:TT TUN:TN TUR:TR TKM:TM TCA:TC TUV:TV UGA:UG UKR:UA ARE:AE ' +
  'GBR:GB USA:US UMI:UM URY:UY UZB:UZ VUT:VU VEN:VE VNM:VN VGB:VG VIR:VI WLF:WF ESH:EH YEM:YE ' +
  'ZMB:ZM ZWE:ZW XKX:XK'

/** Names people and carriers use that `Intl.DisplayNames` does not produce. */
const ALIASES: Record<string, string> = {
  'united states of america': 'US',
  america: 'US',
  'u s a': 'US',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  uk: 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  'czech republic': 'CZ',
  turkey: 'TR',
  'ivory coast': 'CI',
  'south korea': 'KR',
  'republic of korea': 'KR',
  korea: 'KR',
  'north korea': 'KP',
  'russian federation': 'RU',
  burma: 'MM',
  swaziland: 'SZ',
  'cape verde': 'CV',
  macedonia: 'MK',
  'hong kong': 'HK',
  macau: 'MO',
  'viet nam': 'VN',
  'people s republic of china': 'CN',
  'p r china': 'CN',
  uae: 'AE',
}

/** Locales whose country names are recognised; on a clash the later one wins, so English is last. */
const NAME_LOCALES = ['pt', 'nl', 'it', 'es', 'fr', 'de', 'en']

let lookup: Map<string, string> | undefined

function buildLookup(): Map<string, string> {
  const map = new Map<string, string>()
  const pairs = ISO3.split(' ').map((p) => p.split(':') as [string, string])
  for (const locale of NAME_LOCALES) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })
    for (const [, iso2] of pairs) {
      const name = names.of(iso2)
      if (name) map.set(normalizeName(name), iso2)
    }
  }
  for (const [name, iso2] of Object.entries(ALIASES)) map.set(name, iso2)
  for (const [iso3, iso2] of pairs) {
    map.set(iso3.toLowerCase(), iso2)
    map.set(iso2.toLowerCase(), iso2)
  }
  return map
}

/**
 * The ISO 3166-1 alpha-2 code a country field means (`"US"`, `"USA"`, `"United States"`,
 * `"Deutschland"` → `"US"`/`"DE"`), or `undefined` when it is not a country we know.
 */
export function countryCode(value: string): string | undefined {
  lookup ??= buildLookup()
  return lookup.get(normalizeName(value))
}
