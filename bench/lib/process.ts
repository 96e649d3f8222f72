import { spawn, type ChildProcess } from 'node:child_process';

/** Starts a child process and resolves the first JSON line it prints on stdout. */
export function startJsonChild<T>(args: string[], timeoutMs = 60_000, nodeArgs: string[] = []): Promise<{ child: ChildProcess; ready: T; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${args[0]} did not start in ${timeoutMs} ms: ${err.slice(-1500)}`)); }, timeoutMs);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        child,
        ready: JSON.parse(line) as T,
        stop: () => new Promise((r) => { if (child.exitCode !== null) return r(); child.once('exit', () => r()); child.kill('SIGTERM'); }),
      });
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${args[0]} exited ${code}: ${err.slice(-1500)}`)); });
  });
}
