// Configuration of the orders domain, from environment variables (composed into EngineConfig by engine/config.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled in by the orders work
export interface OrdersConfig {}

export function loadOrdersConfig(_env: NodeJS.ProcessEnv): OrdersConfig {
  return {};
}
