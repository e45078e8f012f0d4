// Writes a JSON array of development access tokens for load generators that cannot sign ES256 (k6):
//   node dist/scripts/mint-tokens.js --users 5000 --role buyer --out tokens.json [--first-user 1] [--ttl 3600]
// User ids are first-user .. first-user+users-1. Signed with the local key (created if missing), like `npm run token`.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mintAccessToken } from '../engine/auth/dev-token-issuer.js';
import { isRole, type Role } from '../engine/auth/roles.js';
import { ensureSigningKeys } from '../engine/auth/signing-keys.js';
import { configOrExit, loadConfig } from '../engine/platform/config.js';

const usage = `usage: node dist/scripts/mint-tokens.js --users <n> --role <role> --out <file> [--first-user <id>] [--ttl <seconds>]
  --ttl defaults to 3600: long enough for a load run (the edge rejects expired tokens)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function positiveInt(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (raw === undefined || !/^[0-9]+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) fail(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

function parse() {
  let values;
  try {
    values = parseArgs({
      options: { users: { type: 'string' }, role: { type: 'string' }, out: { type: 'string' }, 'first-user': { type: 'string' }, ttl: { type: 'string' } },
      strict: true,
    }).values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (!isRole(values.role)) fail(`--role must be a known role, got "${values.role}"`);
  if (!values.out) fail('--out is required');
  return {
    users: positiveInt('users', values.users),
    role: values.role as Role,
    out: resolve(values.out),
    firstUserId: positiveInt('first-user', values['first-user'], 1),
    ttlSec: positiveInt('ttl', values.ttl, 3_600),
  };
}

const args = parse();
const config = configOrExit(loadConfig);
await ensureSigningKeys(config.dataDir);
const tokens: string[] = [];
for (let i = 0; i < args.users; i++) {
  tokens.push(await mintAccessToken(config, { userId: args.firstUserId + i, roles: [args.role], ttlSec: args.ttlSec }));
  if ((i + 1) % 1_000 === 0 || i + 1 === args.users) process.stderr.write(`[mint-tokens] ${i + 1} / ${args.users}\n`);
}
await writeFile(args.out, JSON.stringify(tokens));
process.stderr.write(`[mint-tokens] wrote ${tokens.length} ${args.role} tokens (users ${args.firstUserId}..${args.firstUserId + args.users - 1}, ${args.ttlSec} s) to ${args.out}\n`);
