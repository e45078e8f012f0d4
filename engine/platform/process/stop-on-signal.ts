// Graceful stop of a role process on SIGTERM/SIGINT: runs `stop` once (Ctrl-C may arrive twice, from the
// terminal and from the supervisor), logs, and exits 0, or 1 when stopping failed.
import { log } from '../log.js';

export function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    try {
      await stop();
      log('info', 'stopped', { signal });
      process.exit(0);
    } catch (err) {
      log('error', 'stop failed', { err });
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void onSignal(signal));
  process.on('SIGINT', (signal) => void onSignal(signal));
}
