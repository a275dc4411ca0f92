// What every command receives: the process's environment, output streams, working directory and stop signal.
import type { ResolvedSettings } from './config/resolve-settings.ts';

export interface OutputStream {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborts on SIGINT/SIGTERM: long-running commands stop cleanly. */
  signal: AbortSignal;
}

export interface CommandContext {
  io: CliIo;
  resolved: ResolvedSettings;
  /** Positional arguments of the command. */
  args: string[];
  /** A line for the user on stdout. */
  say(message: string): void;
  /** A line of diagnostics on stderr. */
  warn(message: string): void;
}

/** Whether to draw live, redrawn progress: a terminal, and not CI (whose logs keep every frame). */
export function isInteractive(io: CliIo): boolean {
  const ci = io.env.CI;
  return (
    Boolean(io.stderr.isTTY) && (ci === undefined || ci === '' || ci === 'false' || ci === '0')
  );
}

/** Resolves when the signal aborts (the user pressed Ctrl-C or the process got SIGTERM). */
export function untilStopped(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}
