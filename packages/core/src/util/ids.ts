/** A random, URL-safe id with a readable prefix: `newId('shp')` → `shp_5f3c...`. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`
}
