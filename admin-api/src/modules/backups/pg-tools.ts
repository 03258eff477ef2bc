// Running pg_dump, pg_dumpall and pg_restore. The password travels in PGPASSWORD, never on the
// command line (other users of the host can read argv) nor in logs; stderr is kept only as a
// short tail for error messages, and verbose lines are handed to a callback (progress).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export type PgTool = 'pg_dump' | 'pg_dumpall' | 'pg_restore' | 'psql';

export class PgToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PgToolError';
  }
}

/** `--dbname` without the password, and the environment that carries it. */
export function connectionArgs(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export type RunningTool = {
  child: ChildProcess;
  /** Resolves when the tool exited with 0; rejects with the tail of its stderr otherwise. */
  done: Promise<void>;
};

export type ToolOptions = {
  binDir: string | undefined;
  url: string;
  /** The flag that names the database (pg_dumpall takes --dbname too; pg_restore -d). */
  stdin?: 'pipe' | 'ignore';
  stdout?: 'pipe' | 'ignore';
  onStderrLine?: (line: string) => void;
};

const TAIL_LINES = 12;

export function runPgTool(tool: PgTool, args: string[], options: ToolOptions): RunningTool {
  const { dbname, env } = connectionArgs(options.url);
  const command = options.binDir ? path.join(options.binDir, tool) : tool;
  const child = spawn(command, [...args, `--dbname=${dbname}`], {
    stdio: [options.stdin ?? 'ignore', options.stdout ?? 'pipe', 'pipe'],
    env: { ...process.env, ...env, PGAPPNAME: `chronos-backup-${tool}`, PGCONNECT_TIMEOUT: '10' },
  });
  const tail: string[] = [];
  const lines = readline.createInterface({ input: child.stderr! });
  lines.on('line', (line) => {
    options.onStderrLine?.(line);
    // Verbose progress lines are not errors; keep the rest for the failure message.
    if (
      /^(pg_dump|pg_restore|pg_dumpall): (dumping|processing|creating|restoring|reading|saving|last built-in|executing|finding|flagging|identifying)\b/.test(
        line,
      )
    )
      return;
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new PgToolError(
          error.code === 'ENOENT'
            ? `${tool} was not found (install the PostgreSQL client, e.g. Debian's postgresql-client, or set BACKUP_PG_BIN_DIR)`
            : `${tool} could not be started: ${error.message}`,
        ),
      );
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new PgToolError(
            `${tool} failed (${signal ? `signal ${signal}` : `exit code ${code}`})${tail.length ? `: ${tail.join(' | ')}` : ''}`,
          ),
        );
    });
  });
  // The caller may never await `done` when an earlier step failed; that must not crash.
  done.catch(() => undefined);
  return { child, done };
}

/** Runs a tool to completion and returns its stdout (small outputs only: globals, queries). */
export async function pgToolOutput(
  tool: PgTool,
  args: string[],
  options: Omit<ToolOptions, 'stdout'>,
): Promise<Buffer> {
  const running = runPgTool(tool, args, { ...options, stdout: 'pipe' });
  const chunks: Buffer[] = [];
  running.child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  await running.done;
  return Buffer.concat(chunks);
}
