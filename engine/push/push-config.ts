// Configuration of the push domain, from environment variables (composed into EngineConfig by engine/config.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled in by the push work
export interface PushConfig {}

export function loadPushConfig(_env: NodeJS.ProcessEnv): PushConfig {
  return {};
}
