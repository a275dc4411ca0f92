#!/usr/bin/env node
// Makes a fresh checkout runnable: installs npm dependencies, Chromium and the dashboard build when missing or stale.
// Plain Node with no dependencies, because it runs before `npm ci` has.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`retrace: ${message}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(
      `retrace: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(2);
  }
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : mtime(full));
  }
  return newest;
}

function ensureDependencies() {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && mtime(installed) >= mtime(path.join(root, 'package-lock.json')))
    return;
  say('installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Debian's headless shell: what a headless run launches when present (less CPU per run than the full browser). */
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/** apt-get as root (or through passwordless sudo), or null when this machine cannot install packages. */
function aptGet() {
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const isRoot = process.getuid?.() === 0;
  const hasSudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!hasApt || (!isRoot && !hasSudo)) return null;
  return isRoot ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
}

function ensureChromium() {
  if (process.env.RETRACE_CHROMIUM_PATH || process.env.RETRACE_BROWSER_WS_ENDPOINT) return;
  if (process.env.RETRACE_BROWSER_CDP_ENDPOINT) return;
  const hasBrowser = CHROMIUM_CANDIDATES.some((file) => existsSync(file));
  if (hasBrowser && existsSync(HEADLESS_SHELL)) return;
  const apt = aptGet();
  if (apt) {
    const [command, ...prefix] = apt;
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const packages = hasBrowser
      ? ['chromium-headless-shell']
      : ['chromium', 'chromium-headless-shell'];
    say(`installing Debian's ${packages.join(' and ')} with apt-get…`);
    run(command, [...prefix, 'update', '-qq'], { env });
    const both = spawnSync(command, [...prefix, 'install', '-y', '-qq', ...packages], {
      cwd: root,
      stdio: 'inherit',
      env,
    });
    if (both.status === 0) return;
    // The headless shell is an optimisation: without it the full browser runs headless.
    say('chromium-headless-shell could not be installed; headless runs use the full Chromium');
    if (!hasBrowser) run(command, [...prefix, 'install', '-y', '-qq', 'chromium'], { env });
    return;
  }
  if (hasBrowser) return;
  console.error(
    'retrace: Chromium was not found. Install it (Debian: `sudo apt-get install chromium chromium-headless-shell`), ' +
      'or point RETRACE_CHROMIUM_PATH at a Chromium or Chrome executable, ' +
      'or set RETRACE_BROWSER_WS_ENDPOINT to a remote Playwright browser server.',
  );
  process.exit(2);
}

function ensureDashboardBuild() {
  const web = path.join(root, 'apps', 'web');
  if (!existsSync(path.join(web, 'package.json')) || !existsSync(path.join(web, 'index.html')))
    return;
  const built = mtime(path.join(web, 'dist', 'index.html'));
  const sources = Math.max(
    newestIn(path.join(web, 'src')),
    newestIn(path.join(web, 'public')),
    mtime(path.join(web, 'index.html')),
    mtime(path.join(web, 'vite.config.ts')),
    mtime(path.join(web, 'package.json')),
  );
  if (built >= sources) return;
  say('building the dashboard (vite build)…');
  run('npm', ['run', 'build', '--workspace', '@retrace/web', '--silent']);
}

const wanted = new Set(process.argv.slice(2));
const all = wanted.size === 0;
if (all || wanted.has('deps')) ensureDependencies();
if (all || wanted.has('chromium')) ensureChromium();
if (all || wanted.has('web')) ensureDashboardBuild();
