/**
 * Credit line for the data behind the map, to show near it: GeoNames' place data is CC BY 4.0,
 * which asks for attribution; Natural Earth is public domain and credited as a courtesy.
 * See the package's DATA.md.
 */
export const MAP_ATTRIBUTION = 'Places: GeoNames (CC BY 4.0) · Map: Natural Earth'
