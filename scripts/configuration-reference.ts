// docs/configuration.md, rendered from the configuration schema (engine/platform/config-schema.ts):
// `npm run docs:config` writes it, test/ops/configuration-reference.test.ts compares it with the file.
import { CONFIG_SCHEMA } from '../engine/platform/config-schema.js';
import { allowedText, type ConfigRole, type VarSpec } from '../engine/platform/config-vars.js';

export const CONFIGURATION_DOC = 'docs/configuration.md';

const ENGINE_ROLES: readonly ConfigRole[] = ['supervisor', 'edge', 'worker', 'scheduler', 'auth', 'orchestrator'];

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

function defaultOf(spec: VarSpec): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  const value = spec.default;
  if (value === undefined || value === '') return 'unset';
  if (typeof value === 'boolean') return code(value ? '1' : '0');
  if (Array.isArray(value)) return code(value.join(','));
  return code(String(value));
}

function rolesOf(spec: VarSpec): string {
  const every = ENGINE_ROLES.every((role) => spec.roles.includes(role));
  const rest = spec.roles.filter((role) => !every || !ENGINE_ROLES.includes(role));
  return [...(every ? ['every role'] : []), ...new Set(rest)].join(', ');
}

const anchorOf = (group: string): string => group.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

export function configurationReference(): string {
  const groups = new Map<string, [string, VarSpec][]>();
  for (const [name, spec] of Object.entries(CONFIG_SCHEMA) as [string, VarSpec][]) {
    if (!groups.has(spec.group)) groups.set(spec.group, []);
    groups.get(spec.group)!.push([name, spec]);
  }
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from engine/platform/config-schema.ts by `npm run docs:config`: edit the schema, not this file',
    '     (test/ops/configuration-reference.test.ts fails when they differ). -->',
    '',
    'Every role reads its configuration from environment variables once, at start, through one schema',
    '([engine/platform/config-schema.ts](../engine/platform/config-schema.ts)): each variable has a type, a range or a',
    'set of allowed values, a default that runs on one machine, and the roles that read it. A value the schema does not',
    'allow refuses the start: the role logs one line naming every such variable, its value and what is allowed',
    '(`refusing to start: invalid configuration: PARTITIONS="0": must be an integer from 1 to 1024`) and exits with',
    'status 78 (`EX_CONFIG`, so a process manager does not just retry). An empty value counts as unset; booleans take',
    '`1`/`0`, `true`/`false`, `yes`/`no`, `on`/`off`; lists are comma-separated.',
    '',
    '"Every role" means the supervisor (`npm start`) and the edge, worker, scheduler, auth and orchestrator roles',
    '([README](../README.md#roles)); `payment-gateway` is the local fake gateway, `scripts` the `npm run` tools',
    '(`token`, `tokens:mint`, `counters:rebuild`, `sale:rebuild`, `mail:outbox`, `admin:create`), `bench` the benchmarks, `bootstrap`',
    '`scripts/bootstrap.mjs`, `tests` the test support.',
    '',
    ...[...groups.keys()].map((group) => `- [${group}](#${anchorOf(group)})`),
  ];
  for (const [group, entries] of groups) {
    lines.push('', `## ${group}`, '', '| variable | allowed | default | read by | meaning |', '|---|---|---|---|---|');
    for (const [name, spec] of entries) {
      const allowed = spec.rule ?? allowedText(spec);
      lines.push(`| ${code(name)} | ${cell(allowed)} | ${cell(defaultOf(spec))} | ${cell(rolesOf(spec))} | ${cell(spec.description)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
