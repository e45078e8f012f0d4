// Configuration of the auth domain, from environment variables (composed into EngineConfig by engine/config.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled in by the auth work
export interface AuthConfig {}

export function loadAuthConfig(_env: NodeJS.ProcessEnv): AuthConfig {
  return {};
}
