// The `retrace` command line: every command, its flags (from the settings catalog) and its help text.
import { Command, Option } from 'commander';
import { CliError } from './cli-error.ts';
import type { CliIo, CommandContext } from './command-context.ts';
import { runConfigCommand } from './commands/config-command.ts';
import {
  buildRemoteTarget,
  buildRunConfig,
  buildServerConfig,
  buildStackConfig,
  buildWorkerConfig,
  requireServerDatabase,
} from './config/command-configs.ts';
import { loadConfigFile } from './config/load-config-file.ts';
import { resolveSettings } from './config/resolve-settings.ts';
import {
  REMOTE_SETTINGS,
  SERVER_SETTINGS,
  SETTING_KEYS,
  SETTINGS,
  type SettingDef,
  type SettingKey,
  STACK_SETTINGS,
  WORKER_SETTINGS,
} from './config/settings.ts';

export const CLI_VERSION = '0.1.0';

/** Commands load their modules when they run, so `retrace --help` does not load a database and a browser driver. */
export interface CommandSpec {
  name: string;
  /** `<path>` style positional arguments. */
  args?: string;
  summary: string;
  description: string;
  settings: readonly SettingKey[];
  examples: readonly string[];
  /** Validates the configuration before the command's (heavy) modules load, so usage errors come at once. */
  check?(ctx: CommandContext): void;
  run(ctx: CommandContext): Promise<number>;
}

const RUN_SETTINGS = [
  'project',
  'tags',
  'tests',
  'demo',
  'demoVariant',
  'mode',
  'browserConfigs',
  'reporter',
  'output',
  'timeout',
  ...REMOTE_SETTINGS,
  'publicUrl',
  ...STACK_SETTINGS,
  ...WORKER_SETTINGS,
  'signingKey',
] as const satisfies readonly SettingKey[];

const BROWSER_SETTINGS = [
  'chromiumPath',
  'browserWsEndpoint',
  'browserCdpEndpoint',
] as const satisfies readonly SettingKey[];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'serve',
    summary: 'serve the API, the dashboard and a worker',
    description:
      'Serves the REST API (/api), the dashboard (/) and runs one worker, in one process. By default everything lives in the data directory (an embedded database, artifacts, the secret key); with DATABASE_URL the data is on a PostgreSQL server and more `retrace worker` processes can share the work. On first start it creates the local admin and prints its API key once. Stops cleanly on Ctrl-C or SIGTERM.',
    settings: [...SERVER_SETTINGS, ...STACK_SETTINGS, ...WORKER_SETTINGS],
    examples: [
      'retrace serve',
      'retrace serve --port 8080 --data-dir /var/lib/retrace',
      'DATABASE_URL=postgres://… retrace serve --host 0.0.0.0',
    ],
    check: (ctx) => {
      buildStackConfig(ctx.resolved, ctx.io.cwd);
      buildServerConfig(ctx.resolved);
      buildWorkerConfig(ctx.resolved);
    },
    run: async (ctx) => (await import('./commands/serve-command.ts')).runServeCommand(ctx),
  },
  {
    name: 'worker',
    summary: 'take runs from a PostgreSQL-backed server',
    description:
      'Executes queued runs against the PostgreSQL server of a deployment (DATABASE_URL), next to `retrace serve` and any number of other workers on any machines. Refuses the embedded database: it is one process — use `retrace serve`.',
    settings: [...STACK_SETTINGS, ...WORKER_SETTINGS],
    examples: ['DATABASE_URL=postgres://… RETRACE_SECRET_KEY=… retrace worker --concurrency 4'],
    check: (ctx) => {
      requireServerDatabase(buildStackConfig(ctx.resolved, ctx.io.cwd));
      buildWorkerConfig(ctx.resolved);
    },
    run: async (ctx) => (await import('./commands/worker-command.ts')).runWorkerCommand(ctx),
  },
  {
    name: 'run',
    summary: 'run test cases and report (CI)',
    description:
      'Runs test cases and waits for their results. Locally (the default) it opens the data directory and runs a worker in this process — or, when a `retrace serve` holds the directory, goes through it; with --server and --api-key it runs them on that server. Selects the project, tags or test cases; --demo runs the bundled demo. Exit code: 0 all passed, 1 a test failed, 2 a usage or infrastructure error (nothing ran, a server could not be reached, runs could not execute).',
    settings: RUN_SETTINGS,
    examples: [
      'retrace run --demo',
      'retrace run --project Storefront --tag smoke --reporter junit --output results.xml',
      'retrace run --server https://retrace.example.com --api-key "$RETRACE_API_KEY" --tag smoke --reporter junit --output results.xml',
    ],
    check: (ctx) => {
      if (buildRunConfig(ctx.resolved).remote === null) {
        buildStackConfig(ctx.resolved, ctx.io.cwd);
        buildWorkerConfig(ctx.resolved);
      }
    },
    run: async (ctx) => (await import('./commands/run-command.ts')).runRunCommand(ctx),
  },
  {
    name: 'demo',
    summary: 'serve, load the demo project, replay it, keep serving',
    description:
      'Starts the server (as `retrace serve`), serves Pinecone Supply — a small demo shop — on loopback, loads the demo project (test cases, tags, two browser configs, a secret, traversals recorded from steps files), replays the suite, prints the results and the dashboard URL, and keeps serving until Ctrl-C. With a model configured (OPENAI_API_KEY, ANTHROPIC_API_KEY or RETRACE_LLM_BASE_URL) the agent also records the description-only test and repairs broken paths.',
    settings: [...SERVER_SETTINGS, ...STACK_SETTINGS, ...WORKER_SETTINGS, 'demoVariant', 'timeout'],
    examples: ['retrace demo', 'retrace demo --demo-variant broken --port 4800'],
    check: (ctx) => {
      buildStackConfig(ctx.resolved, ctx.io.cwd);
      buildServerConfig(ctx.resolved);
      buildWorkerConfig(ctx.resolved);
    },
    run: async (ctx) => (await import('./commands/demo-command.ts')).runDemoCommand(ctx),
  },
  {
    name: 'migrate',
    summary: 'apply database migrations',
    description:
      'Applies the database migrations (every start does it too; this is for deploy pipelines) and prints the version reached. Safe to run from several processes at once on a server.',
    settings: [...STACK_SETTINGS],
    examples: ['retrace migrate', 'DATABASE_URL=postgres://… retrace migrate'],
    run: async (ctx) => (await import('./commands/migrate-command.ts')).runMigrateCommand(ctx),
  },
  {
    name: 'import',
    args: '<path>',
    summary: 'import test cases from files (an export folder or steps files)',
    description:
      'Imports an export folder (test cases with their tags, browser configs, documents and recorded traversals), or steps files (`*.steps.yaml`/`.json`, one file or a folder of them): each steps file becomes a test case whose traversal is recorded once in a browser to capture element fingerprints. Test cases are matched by name: existing ones are updated. Secrets a steps file uses are read from the project (locally) or from RETRACE_SECRET_<NAME> variables (against a server).',
    settings: [
      'project',
      'tags',
      'browserConfigs',
      ...REMOTE_SETTINGS,
      ...STACK_SETTINGS,
      ...BROWSER_SETTINGS,
      'signingKey',
    ],
    examples: [
      'retrace import ./retrace-export --project Storefront',
      'retrace import tests/checkout.steps.yaml --project Storefront --tag smoke',
    ],
    check: (ctx) => {
      if (!buildRemoteTarget(ctx.resolved)) buildStackConfig(ctx.resolved, ctx.io.cwd);
    },
    run: async (ctx) => (await import('./commands/import-command.ts')).runImportCommand(ctx),
  },
  {
    name: 'export',
    args: '<dir>',
    summary: 'export test cases and their traversals to files',
    description:
      'Writes the test cases of a project (fields, tags, browser config names, allowed domains, linked document) and the latest verified traversal of each test case × browser config (brain states, actions, element fingerprints; secrets as placeholders) to a folder of YAML and JSON files that `retrace import` reads back.',
    settings: ['project', 'tags', 'tests', ...REMOTE_SETTINGS, ...STACK_SETTINGS, 'signingKey'],
    examples: [
      'retrace export ./retrace-export --project Storefront',
      'retrace export ./smoke --project Storefront --tag smoke',
    ],
    check: (ctx) => {
      if (!buildRemoteTarget(ctx.resolved)) buildStackConfig(ctx.resolved, ctx.io.cwd);
    },
    run: async (ctx) => (await import('./commands/export-command.ts')).runExportCommand(ctx),
  },
];

function envText(setting: SettingDef): string {
  return setting.env && setting.env.length > 0 ? setting.env.join(' or ') : '';
}

function optionDescription(setting: SettingDef): string {
  const parts = [setting.describe];
  const env = envText(setting);
  if (env) parts.push(`env ${env}`);
  const fallback =
    setting.defaultText ??
    (setting.default === undefined || setting.kind === 'bool'
      ? undefined
      : String(setting.default));
  if (fallback !== undefined) parts.push(`default ${fallback}`);
  return parts.length === 1 ? (parts[0] as string) : `${parts[0]} (${parts.slice(1).join('; ')})`;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function optionFor(setting: SettingDef): Option {
  const option = new Option(setting.flag as string, optionDescription(setting));
  if (setting.kind === 'list') option.argParser(collect);
  return option;
}

function environmentHelp(keys: readonly SettingKey[]): string {
  const envOnly = keys
    .map((key) => SETTINGS[key] as SettingDef)
    .filter((setting) => !setting.flag && setting.env);
  if (envOnly.length === 0) return '';
  const width = Math.max(...envOnly.map((s) => envText(s).length));
  return `\nEnvironment (no flag; secrets are never accepted in a config file):\n${envOnly
    .map((setting) => `  ${envText(setting).padEnd(width)}  ${setting.describe}`)
    .join('\n')}\n`;
}

const CONFIG_HELP = `
Configuration: flags > environment variables > retrace.config.{json,yaml,yml,mjs,ts} in the working
directory (or --config FILE) > defaults. Config-file keys are the setting names shown by
\`retrace config <command>\` (e.g. port: 4700, tags: [smoke]).`;

/** Builds the program; `onResult` receives the exit code of the command that ran. */
export function buildProgram(io: CliIo, onResult: (code: number) => void): Command {
  const output = {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
  };
  const program = new Command('retrace')
    .description(
      'Retrace: AI-driven end-to-end testing — record once with an agent, replay without it.',
    )
    .version(CLI_VERSION, '-v, --version')
    .configureOutput(output)
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `${CONFIG_HELP}\n\nExit codes: 0 success (all runs passed) · 1 a test failed · 2 usage or infrastructure error.\nDocs: docs/cli.md, docs/ci.md\n`,
    );

  const commands = [...COMMANDS];
  const configSpec: CommandSpec = {
    name: 'config',
    args: '[command]',
    summary: "show a command's settings and where each comes from",
    description:
      'Prints every setting a command uses, its value (secrets hidden) and its source: a flag, an environment variable, the config file, or the default. Accepts every flag, to check what a command line would resolve to.',
    settings: SETTING_KEYS,
    examples: ['retrace config serve', 'retrace config run --tag smoke'],
    run: async () => 0,
  };
  for (const spec of [...commands, configSpec]) {
    const command = program
      .command(spec.args ? `${spec.name} ${spec.args}` : spec.name)
      .summary(spec.summary)
      .description(spec.description)
      .configureOutput(output)
      .exitOverride();
    const attributes = new Map<SettingKey, string>();
    for (const key of spec.settings) {
      const setting = SETTINGS[key] as SettingDef;
      if (!setting.flag) continue;
      const option = optionFor(setting);
      command.addOption(option);
      attributes.set(key, option.attributeName());
    }
    command.option(
      '--config <file>',
      'config file (default: retrace.config.* in the working directory; env RETRACE_CONFIG)',
    );
    command.addHelpText(
      'after',
      `${environmentHelp(spec.settings)}\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`,
    );
    command.action(async () => {
      const options = command.opts();
      const flags: Partial<Record<SettingKey, unknown>> = {};
      for (const [key, attribute] of attributes) {
        if (command.getOptionValueSource(attribute) === 'cli') flags[key] = options[attribute];
      }
      const explicitConfig =
        (options.config as string | undefined) ?? (io.env.RETRACE_CONFIG || undefined);
      const file = await loadConfigFile(io.cwd, explicitConfig);
      let keys = spec.settings;
      let target = spec;
      if (spec === configSpec) {
        const name = command.args[0];
        const named = name === undefined ? undefined : commands.find((c) => c.name === name);
        if (name !== undefined && !named) {
          throw new CliError(
            'USAGE',
            `unknown command "${name}": use one of ${commands.map((c) => c.name).join(', ')}`,
          );
        }
        keys = named?.settings ?? SETTING_KEYS;
        target = named ?? spec;
      }
      const resolved = resolveSettings(keys, { flags, env: io.env, file });
      const ctx: CommandContext = {
        io,
        resolved,
        args: [...command.args],
        say: (message) => io.stdout.write(`${message}\n`),
        warn: (message) => io.stderr.write(`retrace: ${message}\n`),
      };
      if (spec === configSpec) {
        onResult(await runConfigCommand(ctx, keys, target.name));
        return;
      }
      spec.check?.(ctx);
      onResult(await spec.run(ctx));
    });
  }
  return program;
}
