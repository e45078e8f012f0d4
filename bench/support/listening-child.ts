// Starts a Node script the bench loads (the bare uWS hello, the baseline server) as a child process
// and waits until it prints "listening".
import { spawn, type ChildProcess } from 'node:child_process';
import { track } from './child-processes.js';

const LISTEN_TIMEOUT_MS = 10_000;

export async function startListeningChild(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildProcess> {
  const name = script.slice(script.lastIndexOf('/') + 1);
  const child = track(spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env }));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + LISTEN_TIMEOUT_MS;
  while (!output.includes('listening')) {
    if (child.exitCode !== null) throw new Error(`${name} exited early (${child.exitCode})`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen within ${LISTEN_TIMEOUT_MS / 1_000} s`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return child;
}
