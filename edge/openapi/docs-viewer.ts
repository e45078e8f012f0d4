// The API reference page at /api/v1/docs: Swagger UI (swagger-ui-dist, served from node_modules, never a
// CDN) reading /api/v1/openapi.json. Every file is static: read once at start-up, answered from memory with
// a strong ETag, a cache lifetime and nosniff; the page runs only scripts of this origin (CSP).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type HyperExpress from 'hyper-express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EngineError } from '../../engine/platform/errors.js';
import type { EdgeContext } from '../edge-context.js';
import { route } from '../http/http-errors.js';

export const DOCS_PATH = '/api/v1/docs';

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

const page = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Gopang engine API</title>
  <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${DOCS_PATH}/docs.js"></script>
</body>
</html>
`;

// no validator badge: it would send the document to a third party
const init = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });\n`;

/** The page may load only this origin's scripts and styles (Swagger UI sets inline style attributes). */
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** Asset names under /api/v1/docs/, with the swagger-ui-dist file each is (undefined: ours). */
export const docsAssets: Record<string, { file?: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
  'docs.js': { type: 'text/javascript; charset=utf-8' },
};

function staticFile(body: Buffer, type: string, maxAgeSec: number): StaticFile {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, cacheControl: `public, max-age=${maxAgeSec}` };
}

async function loadAssets(): Promise<Map<string, StaticFile>> {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const assets = new Map<string, StaticFile>();
  for (const [name, { file, type }] of Object.entries(docsAssets)) {
    // the bundle changes only with the package version; a day keeps upgrades visible without a rename
    assets.set(name, staticFile(file ? await readFile(join(dist, file)) : Buffer.from(init), type, 86_400));
  }
  return assets;
}

function send(req: HyperExpress.Request, res: HyperExpress.Response, file: StaticFile): void {
  res.header('cache-control', file.cacheControl, true).header('etag', file.etag, true).header('x-content-type-options', 'nosniff', true);
  if (req.headers['if-none-match'] === file.etag) return void res.status(304).send();
  res.header('content-type', file.type, true).send(file.body);
}

export async function docsViewerRoutes({ server }: EdgeContext): Promise<void> {
  const assets = await loadAssets();
  const html = staticFile(Buffer.from(page), 'text/html; charset=utf-8', 300);
  server.get(DOCS_PATH, route('docs', async (req, res) => {
    res.header('content-security-policy', contentSecurityPolicy, true).header('referrer-policy', 'no-referrer', true);
    send(req, res, html);
  }));

  server.get(`${DOCS_PATH}/:asset`, route('docs_asset', async (req, res) => {
    const file = assets.get(req.path_parameters.asset ?? '');
    if (!file) throw new EngineError('NOT_FOUND', 'no such file');
    send(req, res, file);
  }));
}
