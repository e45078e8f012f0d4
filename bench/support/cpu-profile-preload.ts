// Preloaded into edge processes (NODE_OPTIONS=--import) when BENCH_EDGE_CPU_PROFILE is set, since Node
// refuses --cpu-prof in NODE_OPTIONS. A V8 CPU profile runs while $BENCH_CPU_PROFILE_DIR/profiling exists
// and is written to edge-<pid>-<n>.cpuprofile when it goes away, so the bench profiles only measured runs.
// A control file, not a signal: hyper-express closes its listen socket on SIGUSR1/SIGUSR2 (auto_close).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR ?? '.';
const control = join(dir, 'profiling');
mkdirSync(dir, { recursive: true });
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 250 });

let running = false;
let written = 0;
setInterval(() => {
  if (existsSync(control) === running) return;
  running = !running;
  if (running) {
    session.post('Profiler.start');
    return;
  }
  // an in-process session answers synchronously, so the file is complete when this returns
  session.post('Profiler.stop', (err, result) => {
    if (err) process.stderr.write(`cpu profile: ${err.message}\n`);
    else writeFileSync(join(dir, `edge-${process.pid}-${++written}.cpuprofile`), JSON.stringify(result.profile));
  });
}, 100).unref();
