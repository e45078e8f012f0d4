// The frame of a bench that loads a private engine: start it, run the body, and on the way out (done,
// failed or interrupted) end every child the bench started and remove the namespace. On a failure the
// last output of every role is printed, since the cause is usually there.
import type { BenchSettings } from './bench-settings.js';
import { killTracked } from './child-processes.js';
import { startEngine, type EngineUnderTest, type Progress } from './engine-under-test.js';

export async function withEngine(settings: BenchSettings, progress: Progress, body: (engine: EngineUnderTest) => Promise<void>): Promise<void> {
  const engine = await startEngine(settings, progress);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= engine.close());
  const onSignal = () => {
    progress('interrupted: stopping the engine and removing the namespace');
    killTracked();
    void close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await body(engine);
  } catch (err) {
    if (closing) throw err; // interrupted: the failure is ours, not the engine's
    for (const [name, role] of engine.fx.roles) {
      const state = role.child.exitCode === null && role.child.signalCode === null ? 'running' : 'exited';
      const tail = engine.outputTail(name).trimEnd().split('\n').slice(-15).join('\n');
      process.stderr.write(`[bench] last output of ${name} (${state}):\n${tail}\n`);
    }
    throw err;
  } finally {
    if (!closing) progress('stopping the engine and removing the namespace');
    killTracked();
    await close();
  }
}
