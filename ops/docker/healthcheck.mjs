// Container health probe of the engine image (compose.yaml): exits 0 when the URL answers 2xx within 2 s.
// The slim Node image has neither curl nor wget.
const url = process.argv[2];
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
