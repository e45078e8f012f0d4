// Configuration of the catalog domain, from environment variables (composed into EngineConfig by engine/config.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled in by the catalog work
export interface CatalogConfig {}

export function loadCatalogConfig(_env: NodeJS.ProcessEnv): CatalogConfig {
  return {};
}
