// Small request checks shared by the after-sale, review and settlement routes.
import type HyperExpress from 'hyper-express';
import { hasRole, type Principal } from '../../engine/auth/principal.js';
import { EngineError } from '../../engine/platform/errors.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';

/** A seller (whether they act for the seller in question is the engine's check) or an admin. */
export async function sellerOrAdmin(ctx: EdgeContext, req: HyperExpress.Request): Promise<Principal> {
  const principal = await authenticate(ctx.verifier, req.headers.authorization ?? '');
  if (!hasRole(principal, 'seller') && !hasRole(principal, 'admin')) throw new EngineError('FORBIDDEN', 'role seller or admin required');
  return principal;
}

/** A positive integer query parameter up to max, or the fallback when absent. */
export function queryInt(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value) || n < 1 || n > max) throw new EngineError('INVALID_INPUT', `${name} must be an integer from 1 to ${max}`);
  return n;
}
