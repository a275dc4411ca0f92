// Entry point of the `retrace` command: the only place that reads process.argv, process.env and signals.
import { runCli } from './run-cli.ts';

const controller = new AbortController();
let signals = 0;
const onSignal = (signal: NodeJS.Signals) => {
  signals++;
  if (signals === 1) {
    controller.abort(new Error(`received ${signal}`));
    return;
  }
  // A second Ctrl-C means now: do not wait for runs or browsers.
  process.stderr.write('retrace: stopping immediately\n');
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.exitCode = code;
// Anything still holding the event loop (an idle pool, a timer of a library) must not keep a finished command alive.
setTimeout(() => process.exit(code), 2_000).unref();
