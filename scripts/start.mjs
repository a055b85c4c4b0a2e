// Starts the local stack: Azurite and the app on the local host (or `func start` when Core Tools are installed).
// Ctrl-C stops everything this script started. Works on Linux, macOS and Windows.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appUrl = 'http://127.0.0.1:7071';

const settingsFile = ['local.settings.json', 'local.settings.example.json'].map((f) => join(root, f)).find(existsSync);
const settings = JSON.parse(readFileSync(settingsFile, 'utf8')).Values ?? {};
const env = { ...settings, ...process.env, DOTNET_NOLOGO: '1' };

const children = [];
function start(name, command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => process.stdout.write(chunk.toString().replace(/^(?=.)/gm, prefix)));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the stack`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // Azurite can ignore SIGTERM for a long time; everything here is disposable, so kill outright.
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const hasCoreTools = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['func']).status === 0 && process.env.USE_LOCAL_HOST !== '1';

start('azurite', process.execPath, [
  join(root, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js'),
  '--silent', '--skipApiVersionCheck', '--loose',
  '--location', join(root, '.azurite'),
]);

if (hasCoreTools) {
  start('app', 'func', ['start', '--port', '7071'], { cwd: join(root, 'src', 'JetPayFunctions'), shell: process.platform === 'win32' });
} else {
  start('app', 'dotnet', ['run', '--project', join(root, 'src', 'JetPayFunctions.LocalHost'), '--urls', appUrl]);
}

console.log(`
  App        ${appUrl}/api   (${hasCoreTools ? 'func start' : 'local host: Core Tools not found'})
  OpenAPI    ${appUrl}/api/openapi.json
  Storage    Azurite on 127.0.0.1:10000-10002 (data in .azurite/)

  Ctrl-C stops everything.
`);
