// Runs one program with an argv array — never through a shell — with a timeout and bounded
// output capture. The child gets its own process group so a timeout can SIGKILL the whole
// group: a hung helper (nvidia-smi stuck in the driver, a wrapper script) cannot outlive it,
// and a grandchild holding stdout open cannot keep us waiting.
import { spawn } from 'node:child_process';

export type RunOptions = {
  timeoutMs: number;
  /** Bytes kept per stream; the rest is counted and dropped (the child is not killed for it). */
  maxBytes?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
};

export type RunResult = {
  /** null when killed by a signal or when the program could not be started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  /** Set when the program could not be started (ENOENT: not on PATH, EACCES, …). */
  spawnError: NodeJS.ErrnoException | null;
  durationMs: number;
};

export function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const started = performance.now();
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | null = null;
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    const keep = (chunks: Buffer[], used: number, chunk: Buffer): number => {
      const room = maxBytes - used;
      if (room <= 0) {
        truncated = true;
        return used;
      }
      if (chunk.length > room) truncated = true;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      return used + Math.min(chunk.length, room);
    };
    child.stdout.on('data', (chunk: Buffer) => (outBytes = keep(out, outBytes, chunk)));
    child.stderr.on('data', (chunk: Buffer) => (errBytes = keep(err, errBytes, chunk)));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    let settled = false;
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        exitCode: spawnError ? null : code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        truncated,
        spawnError,
        durationMs: Math.round(performance.now() - started),
      });
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
      // A program that never started (ENOENT: not on PATH) gets no 'close' event.
      if (child.pid === undefined) settle(null, null);
    });
    child.on('close', (code, signal) => settle(code, signal));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone between the timer firing and the kill.
  }
}

/** One line describing how a run ended, for fail reports and logs. */
export function describeEnd(result: RunResult, timeoutMs: number): string {
  if (result.spawnError) return `could not start: ${result.spawnError.code ?? result.spawnError.message}`;
  if (result.timedOut) return `timed out after ${timeoutMs} ms (killed)`;
  if (result.signal) return `killed by ${result.signal}`;
  return `exited ${result.exitCode}`;
}
