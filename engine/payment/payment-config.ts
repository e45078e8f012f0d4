// Configuration of the payment domain, from environment variables (composed into EngineConfig by engine/config.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled in by the payment work
export interface PaymentConfig {}

export function loadPaymentConfig(_env: NodeJS.ProcessEnv): PaymentConfig {
  return {};
}
