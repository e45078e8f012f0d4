// Configuration of the after-sale domain, from environment variables (composed into EngineConfig by engine/config.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled in by the after-sale work
export interface AfterSaleConfig {}

export function loadAfterSaleConfig(_env: NodeJS.ProcessEnv): AfterSaleConfig {
  return {};
}
