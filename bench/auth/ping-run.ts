// Parent side of bench/auth/ping-load.ts: one load in a child process.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PingLoadSpec, PingLoadSummary } from './ping-load.js';

const script = fileURLToPath(new URL('./ping-load.js', import.meta.url));

export function runPingLoad(spec: PingLoadSpec): Promise<PingLoadSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (reply: { ok: true; summary: PingLoadSummary } | { ok: false; error: string }) =>
      reply.ok ? resolve(reply.summary) : reject(new Error(reply.error)));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`ping load exited with ${code}`)));
    child.send(spec);
  });
}
