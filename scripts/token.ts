// Prints a development access token: node dist/scripts/token.js --user 42 --role buyer [--role admin] [--ttl 900]
// Only the token goes to stdout, so `TOKEN=$(npm run -s token -- ...)` works.
import { parseArgs } from 'node:util';
import { configOrExit, loadConfig } from '../engine/platform/config.js';
import { ensureSigningKeys } from '../engine/auth/signing-keys.js';
import { defaultAccessTokenTtlSec, mintAccessToken } from '../engine/auth/dev-token-issuer.js';
import { isRole, roles as knownRoles, type Role } from '../engine/auth/roles.js';

const usage = `usage: node dist/scripts/token.js --user <id> --role <role> [--role <role> ...] [--ttl <seconds>]
  --user  positive integer user id
  --role  one of ${knownRoles.join(', ')}; may repeat
  --ttl   lifetime in seconds (default ${defaultAccessTokenTtlSec})`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function positiveInt(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) fail(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

function parseRaw() {
  try {
    return parseArgs({
      options: {
        user: { type: 'string' },
        role: { type: 'string', multiple: true },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
}

function parse(): { userId: number; roles: Role[]; ttlSec: number } {
  const values = parseRaw();
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (values.user === undefined) fail('--user is required');
  if (values.role === undefined || values.role.length === 0) fail('at least one --role is required');
  const roles: Role[] = [];
  for (const role of values.role) {
    if (!isRole(role)) fail(`unknown role "${role}"`);
    if (!roles.includes(role)) roles.push(role);
  }
  return {
    userId: positiveInt('user', values.user),
    roles,
    ttlSec: values.ttl === undefined ? defaultAccessTokenTtlSec : positiveInt('ttl', values.ttl),
  };
}

const args = parse();
const config = configOrExit(loadConfig);
await ensureSigningKeys(config.dataDir);
process.stdout.write(`${await mintAccessToken(config, args)}\n`);
