// Imported first by edge/main.ts: the edge serves HTTP only through uWS' native binary. Some uWS builds
// fall back to a pure-JS server when their binary does not load (another Node ABI, an older glibc), which
// is slow and carried a vulnerable `ws`; the one in use throws instead. Either way the edge stops here,
// before anything loads uWS, with a line that says why and what to do, and exit code 1.
import { createRequire } from 'node:module';
import { log, setLogRole } from '../../engine/platform/log.js';

const require = createRequire(import.meta.url);

/**
 * uWS 20.57 answers 431 to a request whose headers pass UWS_HTTP_MAX_HEADERS_SIZE, read once at load
 * (4 KiB by default; 20.30 took 64 KiB): room for a token and the cookies of a browser, as a proxy gives.
 */
export const DEFAULT_MAX_HEADERS_BYTES = 16 * 1024;
process.env.UWS_HTTP_MAX_HEADERS_SIZE ??= String(DEFAULT_MAX_HEADERS_BYTES);

/** Why uWS is not running natively in this process; undefined when it is. */
export function nativeUwsProblem(): string | undefined {
  try {
    require('uWebSockets.js');
  } catch (err) {
    return `uWebSockets.js has no native binary that loads here: ${err instanceof Error ? err.message.split('\n').filter(Boolean).pop() : String(err)}`;
  }
  const report = process.report.getReport() as unknown as { sharedObjects?: string[] };
  if (!(report.sharedObjects ?? []).some((file) => /[\\/]uws_[^\\/]+\.node$/.test(file))) {
    return 'uWebSockets.js loaded without its native binary (a JavaScript fallback)';
  }
  return undefined;
}

const problem = nativeUwsProblem();
if (problem !== undefined) {
  setLogRole('edge');
  const runtime = `Node ${process.versions.node} (ABI ${process.versions.modules}) on ${process.platform}-${process.arch}`;
  log('error', `refusing to start: ${problem}`, {
    runtime,
    fix: 'use Node 20, 22 or 24 on glibc Linux, macOS or Windows (x64 or arm64), and run npm ci (its postinstall lets the binaries load on glibc older than 2.38)',
  });
  process.exit(1);
}
