// Writes client/src/openapi-types.ts, the REST client's types, from the edge's OpenAPI document
// (`npm run client:types`). test/ops/client-types.test.ts fails while the committed file differs.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { projectRoot } from '../engine/platform/config.js';
import { openApiDocument } from '../edge/openapi/openapi-document.js';

export const CLIENT_TYPES_FILE = join(projectRoot, 'client', 'src', 'openapi-types.ts');

/** The generated source, as `npm run client:types` writes it. */
export async function clientTypesSource(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as OpenAPI3, { silent: true, alphabetize: true });
  return COMMENT_HEADER + astToString(ast);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await writeFile(CLIENT_TYPES_FILE, await clientTypesSource());
  console.log(`wrote ${CLIENT_TYPES_FILE}`);
}
