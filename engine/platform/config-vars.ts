// The machinery of the configuration schema (engine/platform/config-schema.ts): what one variable's entry
// says, how a raw environment value is checked against it, and the typed values every role reads.
// A value outside its entry's type, range or allowed set is refused with the variable, the value and what
// is allowed; an empty value counts as unset.

/** Where a variable is read: the roles of `npm start`, the scripts, the benches, the bootstrap, the test support. */
export type ConfigRole =
  | 'supervisor' | 'edge' | 'worker' | 'scheduler' | 'auth' | 'orchestrator' | 'payment-gateway'
  | 'scripts' | 'bench' | 'bootstrap' | 'tests';

interface Common {
  /** the section of docs/configuration.md */
  group: string;
  description: string;
  roles: readonly ConfigRole[];
  /** the default as the docs show it when it is derived from other values (no `default` then: unset reads as undefined) */
  defaultText?: string;
  /** a rule beyond type and range, checked on the parsed value */
  check?: (value: never) => boolean;
  /** what is allowed, in refusals and the docs, when the type's own words would not say it (a check, a pattern) */
  rule?: string;
}
export interface IntSpec extends Common { type: 'int'; default?: number; min?: number; max?: number }
export interface NumberSpec extends Common { type: 'number'; default?: number; min?: number; max?: number }
export interface StringSpec extends Common { type: 'string'; default?: string; pattern?: RegExp }
export interface BoolSpec extends Common { type: 'bool'; default?: boolean }
export interface EnumSpec extends Common { type: 'enum'; values: readonly string[]; default?: string }
/** comma-separated, items trimmed, empty items dropped; `values` limits the items */
export interface ListSpec extends Common { type: 'list'; default?: readonly string[]; values?: readonly string[] }
export type VarSpec = IntSpec | NumberSpec | StringSpec | BoolSpec | EnumSpec | ListSpec;
export type Schema = Record<string, VarSpec>;

type BaseValue<S> = S extends { type: 'int' | 'number' } ? number
  : S extends { type: 'bool' } ? boolean
  : S extends { type: 'enum'; values: readonly (infer V)[] } ? V
  : S extends { type: 'list' } ? readonly string[]
  : string;
type ValueOf<S> = S extends { default: unknown } ? BaseValue<S> : BaseValue<S> | undefined;
export type ValuesOf<T extends Schema> = { [K in keyof T]: ValueOf<T[K]> };

/** Every refused variable of one environment, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

/** What a value of this entry may be, as refusals and the docs say it. */
export function allowedText(spec: VarSpec): string {
  switch (spec.type) {
    case 'int':
    case 'number': {
      const kind = spec.type === 'int' ? 'an integer' : 'a number';
      if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
      if (spec.min !== undefined) return `${kind} ≥ ${spec.min}`;
      if (spec.max !== undefined) return `${kind} ≤ ${spec.max}`;
      return kind;
    }
    case 'bool': return 'a boolean (1/0, true/false, yes/no, on/off)';
    case 'enum': return `one of ${spec.values.map((v) => (v === '' ? '(empty)' : v)).join(', ')}`;
    case 'list': return spec.values ? `a comma list of ${spec.values.join(', ')}` : 'a comma list';
    case 'string': return spec.pattern ? `a string matching ${spec.pattern.source}` : 'a string';
  }
}

/** `raw` (never empty) checked against `spec`; a refusal names the variable, the value and what is allowed. */
export function parseValue(name: string, spec: VarSpec, raw: string): unknown {
  const refuse = (why = `must be ${spec.rule ?? allowedText(spec)}`) => new Error(`${name}="${raw}": ${why}`);
  let value: unknown;
  switch (spec.type) {
    case 'int':
    case 'number': {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n) || (spec.type === 'int' && !Number.isInteger(n))) throw refuse();
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) throw refuse();
      value = n;
      break;
    }
    case 'bool': {
      const lower = raw.trim().toLowerCase();
      if (!TRUE.includes(lower) && !FALSE.includes(lower)) throw refuse();
      value = TRUE.includes(lower);
      break;
    }
    case 'enum':
      if (!spec.values.includes(raw)) throw refuse();
      value = raw;
      break;
    case 'list': {
      const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
      const unknown = spec.values ? items.filter((item) => !spec.values!.includes(item)) : [];
      if (unknown.length > 0) throw refuse(`${unknown.join(', ')} not allowed: must be ${allowedText(spec)}`);
      value = items;
      break;
    }
    case 'string':
      if (spec.pattern && !spec.pattern.test(raw)) throw refuse();
      value = raw;
      break;
  }
  if (spec.check && !(spec.check as (v: unknown) => boolean)(value)) throw refuse();
  return value;
}

/** One variable: its value, `fallback` when unset (for a default that depends on the caller), else the entry's default. */
export function readVar<T extends Schema, K extends keyof T & string>(schema: T, env: NodeJS.ProcessEnv, name: K, fallback?: NonNullable<ValuesOf<T>[K]>): ValuesOf<T>[K] {
  const raw = env[name];
  if (raw === undefined || raw === '') return (fallback ?? schema[name].default) as ValuesOf<T>[K];
  return parseValue(name, schema[name], raw) as ValuesOf<T>[K];
}

/** Every variable of `schema`, checked at once: a ConfigError lists every refused one. */
export function readValues<T extends Schema>(schema: T, env: NodeJS.ProcessEnv): ValuesOf<T> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of Object.keys(schema)) {
    try {
      values[name] = readVar(schema, env, name);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ValuesOf<T>;
}
