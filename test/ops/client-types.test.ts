// The REST client's committed types (client/src/openapi-types.ts) are those the OpenAPI document
// generates: a route or schema changed without `npm run client:types` fails here.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { CLIENT_TYPES_FILE, clientTypesSource } from '../../scripts/client-types.js';

it('client types - the committed generated types match the OpenAPI document (npm run client:types)', async () => {
  const committed = await readFile(CLIENT_TYPES_FILE, 'utf8');
  const generated = await clientTypesSource();
  if (committed === generated) return;
  const lines = [committed.split('\n'), generated.split('\n')];
  const first = lines[0].findIndex((line, i) => line !== lines[1][i]);
  assert.fail(`client/src/openapi-types.ts is stale from line ${first + 1}: run npm run client:types\n- ${lines[0][first]}\n+ ${lines[1][first]}`);
});
