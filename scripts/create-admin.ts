// Provisions an admin: npm run admin:create -- --email <email> [--password <password>] [--name <name>]
// A new account is created with the admin role (without --password a strong one is generated and
// printed once); an existing account is promoted; an admin stays as it is. Prints what it did. Uses the
// engine's environment (DATABASE_URL, AUTH_SCRYPT_COST) and applies the migrations first.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { provisionAdmin } from '../engine/admin/first-admin.js';
import { hashPasswordSync } from '../engine/auth/password-hashing.js';
import { assertStrongPassword } from '../engine/auth/password-policy.js';
import { configOrExit, loadConfig } from '../engine/platform/config.js';
import { createPool } from '../engine/platform/db/pool.js';
import { prepareDatabase } from '../engine/platform/db/prepare-database.js';

const usage = `usage: npm run admin:create -- --email <email> [--password <password>] [--name <name>]
  --email     the admin's login; an existing account with it is promoted
  --password  for a new account (10-128 characters, three of lower/upper/digit/symbol); generated when omitted
  --name      for a new account (default "Admin")`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function parse(): { email: string; password?: string; name: string } {
  let values: { email?: string; password?: string; name?: string; help?: boolean };
  try {
    values = parseArgs({
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true, allowPositionals: false,
    }).values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) fail('--email <address> is required');
  return { email: values.email, password: values.password, name: values.name ?? 'Admin' };
}

const args = parse();
const config = configOrExit(loadConfig);
await prepareDatabase(config);
const db = createPool(config.databaseUrl, 1, config.postgres, 'jobs');
try {
  let generated: string | undefined;
  const done = await provisionAdmin(db, args.email, () => {
    const password = args.password ?? (generated = `${randomBytes(12).toString('base64url')}-Aa1`);
    assertStrongPassword(password, args.email);
    return { name: args.name, passwordHash: hashPasswordSync(password, config.auth.scryptCost) };
  });
  const who = `user ${done.userId} (${done.email})`;
  if (done.outcome === 'created') process.stdout.write(`created ${who} with the admin role${generated ? `; generated password: ${generated}` : ''}\n`);
  else if (done.outcome === 'promoted') process.stdout.write(`promoted ${who} to admin (its password is unchanged)\n`);
  else process.stdout.write(`${who} is an admin already: nothing changed\n`);
  if (args.password && done.outcome !== 'created') process.stdout.write('--password was ignored: the account exists\n');
} catch (err) {
  process.stderr.write(`admin:create failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.end();
}
