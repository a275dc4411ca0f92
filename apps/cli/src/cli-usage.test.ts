import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runRetrace, testEnv } from './test-support/spawn-retrace.ts';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  temp = await makeTempDir('usage');
});
afterAll(() => temp.remove());

/** The row of one setting in `retrace config` output: value and source. */
function row(stdout: string, key: string): string {
  const line = stdout.split('\n').find((l) => l.startsWith(`${key} `));
  if (!line) throw new Error(`no row for ${key} in:\n${stdout}`);
  return line.replace(/\s+/g, ' ').trim();
}

describe('configuration precedence', () => {
  it('takes flags over environment variables over the config file over defaults', async () => {
    const cwd = path.join(temp.dir, 'precedence');
    await import('node:fs/promises').then((fs) => fs.mkdir(cwd, { recursive: true }));
    await writeFile(
      path.join(cwd, 'retrace.config.yaml'),
      'port: 4801\nconcurrency: 3\nhost: 127.0.0.2\ndataDir: from-file\nrunTimeout: 90s\n',
    );
    const result = await runRetrace(['config', 'serve', '--port', '4803'], {
      cwd,
      env: testEnv({ RETRACE_PORT: '4802', RETRACE_HOST: '127.0.0.3' }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(row(result.stdout, 'port')).toBe('port 4803 flag --port');
    expect(row(result.stdout, 'host')).toBe('host 127.0.0.3 environment variable RETRACE_HOST');
    expect(row(result.stdout, 'concurrency')).toBe('concurrency 3 config file retrace.config.yaml');
    expect(row(result.stdout, 'dataDir')).toBe('dataDir from-file config file retrace.config.yaml');
    expect(row(result.stdout, 'runTimeout')).toBe('runTimeout 90s config file retrace.config.yaml');
    expect(row(result.stdout, 'localMode')).toBe('localMode true default');
  });

  it('reads a JSON or JavaScript config file named with --config', async () => {
    const json = path.join(temp.dir, 'settings.json');
    await writeFile(json, JSON.stringify({ tags: ['smoke', 'checkout'], reporter: 'junit' }));
    const fromJson = await runRetrace(['config', 'run', '--config', json], { cwd: temp.dir });
    expect(fromJson.code, fromJson.stderr).toBe(0);
    expect(row(fromJson.stdout, 'tags')).toBe(`tags smoke, checkout config file settings.json`);
    expect(row(fromJson.stdout, 'reporter')).toBe('reporter junit config file settings.json');

    const mjs = path.join(temp.dir, 'retrace.config.mjs');
    await writeFile(mjs, 'export default () => ({ mode: "replay", timeout: "15m" });\n');
    const fromMjs = await runRetrace(['config', 'run'], {
      cwd: temp.dir,
      env: testEnv({ RETRACE_TAGS: 'auth,cart' }),
    });
    expect(fromMjs.code, fromMjs.stderr).toBe(0);
    expect(row(fromMjs.stdout, 'mode')).toBe('mode replay config file retrace.config.mjs');
    expect(row(fromMjs.stdout, 'timeout')).toBe('timeout 900s config file retrace.config.mjs');
    expect(row(fromMjs.stdout, 'tags')).toBe('tags auth, cart environment variable RETRACE_TAGS');
  });

  it('never prints secret values, only that they are set', async () => {
    const result = await runRetrace(['config', 'run', '--api-key', 'rk_canary_flag'], {
      cwd: temp.dir,
      env: testEnv({
        OPENAI_API_KEY: 'sk-canary-env',
        DATABASE_URL: 'postgres://u:pw-canary@db/x',
      }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/canary/);
    expect(row(result.stdout, 'apiKey')).toBe('apiKey (set, hidden) flag --api-key');
    expect(row(result.stdout, 'openaiApiKey')).toBe(
      'openaiApiKey (set, hidden) environment variable OPENAI_API_KEY',
    );
  });
});

describe('usage errors exit 2 with a message that says what to fix', () => {
  const cases: {
    name: string;
    args: string[];
    env?: Record<string, string>;
    file?: string;
    message: RegExp;
  }[] = [
    {
      name: 'an invalid environment value names the key, the variable and a valid example',
      args: ['config', 'serve'],
      env: { RETRACE_PORT: 'eighty' },
      message:
        /port from environment variable RETRACE_PORT \(got "eighty"\): expected a whole number — write e\.g\. RETRACE_PORT=4700/,
    },
    {
      name: 'an invalid flag value names the flag',
      args: ['run', '--mode', 'fast'],
      message:
        /mode from flag --mode \(got "fast"\): must be auto, agentic or replay — write e\.g\. --mode replay/,
    },
    {
      name: 'an unknown config-file key is refused with a suggestion',
      args: ['config', 'serve'],
      file: 'prot: 4700\n',
      message: /config file retrace\.config\.yaml: unknown setting "prot" — did you mean "port"\?/,
    },
    {
      name: 'a secret in the config file is refused, pointing at the environment',
      args: ['config', 'run'],
      file: 'apiKey: rk_in_file\n',
      message:
        /"apiKey" is a secret and must not be in a file that may be committed — set RETRACE_API_KEY in the environment instead/,
    },
    { name: 'an unknown option', args: ['run', '--bogus'], message: /unknown option '--bogus'/ },
    { name: 'an unknown command', args: ['sevre'], message: /unknown command 'sevre'[\s\S]*serve/ },
    {
      name: 'a server without an API key',
      args: ['run', '--server', 'http://127.0.0.1:4700'],
      message:
        /server is set \(flag --server\) but no API key is: add --api-key KEY or set RETRACE_API_KEY/,
    },
    {
      name: 'tags and test cases at once',
      args: ['run', '--tag', 'smoke', '--test', 'tc_1'],
      message: /--tag and --test are both given/,
    },
    {
      name: 'a worker on the embedded database',
      args: ['worker'],
      message:
        /a worker needs a PostgreSQL server shared with the API \(set DATABASE_URL or --database-url\)/,
    },
    {
      name: 'an OpenAI-compatible provider without a model',
      args: ['config', 'serve'],
      env: { RETRACE_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' },
      message: /./,
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const cwd = path.join(temp.dir, testCase.name.replace(/\W+/g, '-'));
      await import('node:fs/promises').then((fs) => fs.mkdir(cwd, { recursive: true }));
      if (testCase.file) await writeFile(path.join(cwd, 'retrace.config.yaml'), testCase.file);
      const result = await runRetrace(testCase.args, { cwd, env: testEnv(testCase.env ?? {}) });
      if (testCase.name.startsWith('an OpenAI-compatible')) {
        // `config` only resolves settings; the model check belongs to the commands that build a worker.
        expect(result.code).toBe(0);
        return;
      }
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toMatch(testCase.message);
    });
  }

  it('a server that cannot be reached', async () => {
    const result = await runRetrace(
      ['run', '--server', 'http://127.0.0.1:9', '--api-key', 'rk_x'],
      { cwd: temp.dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /cannot reach the Retrace server at http:\/\/127\.0\.0\.1:9: .* is it running, and is the URL right\?/,
    );
  });

  it('no command prints the help and exits 2; --help exits 0', async () => {
    const bare = await runRetrace([], { cwd: temp.dir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: retrace');
    const help = await runRetrace(['--help'], { cwd: temp.dir });
    expect(help.code).toBe(0);
    for (const command of [
      'serve',
      'worker',
      'run',
      'demo',
      'migrate',
      'import',
      'export',
      'config',
    ]) {
      expect(help.stdout).toContain(`  ${command} `);
    }
  });
});
