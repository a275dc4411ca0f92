// Runs one `retrace` invocation: parses the arguments, runs the command, and turns every outcome into an exit code.
import { CommanderError } from 'commander';
import { CliError, describeError, EXIT_USAGE_OR_INFRA, isCliError } from './cli-error.ts';
import type { CliIo } from './command-context.ts';
import { buildProgram } from './program.ts';

/** Exit code of a command stopped by Ctrl-C before it finished its work. */
export const EXIT_INTERRUPTED = 130;

/**
 * Runs the CLI with `argv` (the arguments after `retrace`) and resolves to the process exit code. Never throws:
 * errors are printed on stderr as one message that says what to fix.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number | null = null;
  const program = buildProgram(io, (result) => {
    code = result;
  });
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT_USAGE_OR_INFRA;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; commander already printed its message for the rest.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0;
      if (error.code === 'commander.help') return EXIT_USAGE_OR_INFRA;
      return EXIT_USAGE_OR_INFRA;
    }
    if (isCliError(error) && error.code === 'CANCELLED') {
      io.stderr.write(`retrace: ${error.message}\n`);
      return EXIT_INTERRUPTED;
    }
    if (isCliError(error)) {
      io.stderr.write(`retrace: ${error.message}\n`);
      return error.exitCode;
    }
    if (io.signal.aborted) {
      io.stderr.write('retrace: interrupted\n');
      return EXIT_INTERRUPTED;
    }
    // An unexpected error: its message chain (never a stack with values in it), so a user can report it.
    io.stderr.write(`retrace: unexpected error: ${describeError(error)}\n`);
    if (io.env.RETRACE_DEBUG === '1' && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return EXIT_USAGE_OR_INFRA;
  }
}

export { CliError };
