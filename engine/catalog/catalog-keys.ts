// Redis key shapes of the catalog read cache.

export interface CatalogKeys {
  /** string: bumped after every catalog write; part of every cache key */
  generation: string;
  /** string: "<etag>\n<body>" of one cached answer */
  cached(generationAndKey: string): string;
}

export function catalogKeys(prefix: string): CatalogKeys {
  return {
    generation: `${prefix}:catalog:generation`,
    cached: (generationAndKey) => `${prefix}:catalog:cache:${generationAndKey}`,
  };
}
