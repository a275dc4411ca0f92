// Public surface of @retrace/cli: run the CLI in-process, its commands and settings, and the run report shape.
export { runCli, EXIT_INTERRUPTED } from './run-cli.ts';
export { COMMANDS, CLI_VERSION, type CommandSpec } from './program.ts';
export { SETTINGS, SETTING_KEYS, type SettingDef, type SettingKey } from './config/settings.ts';
export {
  CliError,
  EXIT_PASSED,
  EXIT_TESTS_FAILED,
  EXIT_USAGE_OR_INFRA,
  type CliErrorCode,
} from './cli-error.ts';
export type { CliIo, OutputStream } from './command-context.ts';
export {
  REPORT_FORMAT_VERSION,
  exitCodeOf,
  type RunReport,
  type RunResult,
} from './run/run-report.ts';
export { renderJunitReport } from './reporters/junit-reporter.ts';
export { renderJsonReport } from './reporters/json-reporter.ts';
export { renderLineReport } from './reporters/line-reporter.ts';
