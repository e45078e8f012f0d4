// Postgres errors by meaning rather than by SQLSTATE string: the one place that knows the codes
// (https://www.postgresql.org/docs/current/errcodes-appendix.html).

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** 23505: a unique index or constraint refused the row. */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}

/** 23503: a foreign key refused the write (a referenced row is missing, or a referencing row remains). */
export function isForeignKeyViolation(err: unknown): boolean {
  return sqlState(err) === '23503';
}

/** 23514: a CHECK constraint refused the row (also: no partition of a partitioned table takes it). */
export function isCheckViolation(err: unknown): boolean {
  return sqlState(err) === '23514';
}

/** Class 22 (data exception) or 23 (integrity constraint violation): the same statement fails the same way on every retry. */
export function isDataOrIntegrityError(err: unknown): boolean {
  const code = sqlState(err);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

/** 40P01: two transactions waited on each other's row locks; Postgres aborted this one, so it may run again. */
export function isDeadlock(err: unknown): boolean {
  return sqlState(err) === '40P01';
}

/** 3D000: the database named at connect does not exist (yet). */
export function isUndefinedDatabase(err: unknown): boolean {
  return sqlState(err) === '3D000';
}

/**
 * 42P04: CREATE DATABASE of a database that exists; or 23505 on pg_database's name index when another
 * session created it between our check and our commit (two roles' first start at once).
 */
export function isDuplicateDatabase(err: unknown): boolean {
  return sqlState(err) === '42P04' || sqlState(err) === '23505';
}

/** Class 08 (connection exception) or 57P01-57P03 (the server shuts down, crashed or is starting). */
export function isServerUnavailable(err: unknown): boolean {
  const code = sqlState(err);
  return code !== undefined && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03');
}

/** 57014 (statement_timeout, or a cancel) and 25P03 (idle_in_transaction_session_timeout): the server cut the work short. */
export function isServerTimeout(err: unknown): boolean {
  const code = sqlState(err);
  return code === '57014' || code === '25P03';
}

/**
 * What pg 8 and pg-pool raise without a SQLSTATE when they give up on the server: their messages are
 * the only mark these errors carry.
 */
const clientGaveUpMessages = new Set([
  'Query read timeout', // query_timeout: no answer to a statement in time
  'timeout exceeded when trying to connect', // pg-pool's connectionTimeoutMillis: no connection in time
  'Connection terminated due to connection timeout',
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable', // a later statement on a session that broke
]);

/**
 * The client gave up waiting for the server, or lost it: that session may still be busy with the last
 * statement, or be gone, so it must not take another one.
 */
export function isConnectionLost(err: unknown): boolean {
  return (err instanceof Error && clientGaveUpMessages.has(err.message)) || isServerUnavailable(err);
}
