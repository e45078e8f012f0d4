// The users of a private nats-server (the bootstrap's, the fault tests') and what each may do: a
// process on the machine without a password reaches none of the engine's subjects, and the auth role
// is told apart from the others (docs/operations.md, "NATS credentials"). Node built-ins only.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Subjects are `<namespace>.…`; `*` stands for every namespace (test runs share one server).
 * - engine: every role but auth. It may ask the auth module but never answer or overhear it (logins and
 *   refresh tokens travel on `*.auth.>`), nor announce key rotations or revoked sessions (`*.authevents.>`).
 * - auth: answers `*.auth.>` (its replies go out through allow_responses) and announces `*.authevents.>`;
 *   nothing else, so it cannot fake sold-out, pushes or work-queue messages either.
 */
export const natsPermissions = {
  engine: { publish: { deny: ['*.authevents.>'] }, subscribe: { deny: ['*.auth.>'] } },
  auth: { publish: { allow: ['*.authevents.>'] }, subscribe: { allow: ['*.auth.>', '*.authevents.>'] }, allow_responses: true },
};

const passwordsFile = (dir) => path.join(dir, 'users.json');

function readPasswords(dir) {
  const file = passwordsFile(dir);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/** Random passwords, made once per instance directory and kept: a restarted server keeps its clients. */
function passwords(dir) {
  const kept = readPasswords(dir);
  if (kept) return kept;
  const fresh = Object.fromEntries(Object.keys(natsPermissions).map((user) => [user, randomBytes(24).toString('hex')]));
  fs.writeFileSync(passwordsFile(dir), JSON.stringify(fresh), { mode: 0o600 });
  return fresh;
}

/** Writes the server's config file (authorization only; the rest is on its command line); answers its path. */
export function writeNatsConfig(dir) {
  const pw = passwords(dir);
  const users = Object.entries(natsPermissions).map(([user, permissions]) => ({ user, password: pw[user], permissions }));
  const file = path.join(dir, 'nats.conf');
  fs.writeFileSync(file, `${JSON.stringify({ authorization: { users } }, null, 2)}\n`, { mode: 0o600 }); // the format reads JSON
  return file;
}

/** nats://<user>:<password>@127.0.0.1:<port>; without credentials for a server started before it had users. */
export function natsUrlAs(user, port, dir) {
  const pw = dir ? readPasswords(dir)?.[user] : undefined;
  return pw ? `nats://${user}:${pw}@127.0.0.1:${port}` : `nats://127.0.0.1:${port}`;
}
