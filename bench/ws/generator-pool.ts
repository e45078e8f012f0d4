// The bench's side of the connection generators: forks them and sends one command at a time to each.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GeneratorCommand, GeneratorReply } from './generator-protocol.js';

export class GeneratorPool {
  private constructor(private readonly children: ChildProcess[]) {}

  static start(count: number, env: NodeJS.ProcessEnv): GeneratorPool {
    const script = fileURLToPath(new URL('./connection-generator.js', import.meta.url));
    return new GeneratorPool(Array.from({ length: count }, () => fork(script, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })));
  }

  get size(): number {
    return this.children.length;
  }

  ask<T>(index: number, command: GeneratorCommand): Promise<T> {
    const child = this.children[index];
    return new Promise<T>((resolve, reject) => {
      const onExit = () => reject(new Error(`generator ${index} exited`));
      child.once('exit', onExit);
      child.once('message', (reply: GeneratorReply) => {
        child.off('exit', onExit);
        if (reply.ok) resolve(reply.result as T);
        else reject(new Error(reply.error));
      });
      child.send(command);
    });
  }

  all<T>(command: (index: number) => GeneratorCommand): Promise<T[]> {
    return Promise.all(this.children.map((_, i) => this.ask<T>(i, command(i))));
  }

  async close(): Promise<void> {
    await this.all(() => ({ cmd: 'close' })).catch(() => []);
    for (const child of this.children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}
