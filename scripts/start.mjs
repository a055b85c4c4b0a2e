// Starts the whole local stack, wired together, and prints the addresses to open:
//   Azurite (storage), maildev (SMTP + web inbox), the JetPay sandbox, the app (`func start`: Azure Functions Core
//   Tools from PATH or node_modules/.bin), the webhook inbox (the merchant's webhook endpoint, scripts/webhook-inbox.mjs)
//   and the demo checkout page.
// Settings come from local.settings.json, else local.settings.example.json, passed on as environment variables.
// Ctrl-C stops everything this script started. Works on Linux, macOS and Windows; needs `npm ci` first.
//
//   npm start                 everything on loopback
//   npm start -- --lan        the sandbox also on this machine's LAN address, and QR codes pointing there,
//                             so that a phone on the same network can scan and pay
//   npm start -- --forward-to http://127.0.0.1:3000/webhooks
//                             the webhook inbox also posts each webhook, unchanged, to your own app
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { startDemoServer } from './demo-server.mjs';
import { startWebhookInbox } from './webhook-inbox.mjs';

const started = Date.now();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const isWindows = process.platform === 'win32';
const { values: options } = parseArgs({ options: { lan: { type: 'boolean', default: false }, 'forward-to': { type: 'string' } } });

// ---- settings -------------------------------------------------------------------------------------------------
const settingsFile = ['local.settings.json', 'local.settings.example.json'].map((f) => join(root, f)).find(existsSync);
const localSettings = JSON.parse(readFileSync(settingsFile, 'utf8'));
const values = { ...(localSettings.Values ?? {}), ...process.env };
const setting = (name, fallback) => (values[name] ? String(values[name]) : fallback);

const ports = { app: 7071, sandbox: 7081, demo: 5173, mailWeb: 1080, webhookInbox: 1081 };
const appUrl = `http://127.0.0.1:${ports.app}`;
const sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;
const demoUrl = `http://localhost:${ports.demo}`;
const inboxUrl = `http://127.0.0.1:${ports.mailWeb}`;
const webhookInboxUrl = `http://127.0.0.1:${ports.webhookInbox}`;
const smtpPort = Number(setting('Notifications__Smtp__Port', '1025'));
const corsOrigins = setting('Host__CORS', localSettings.Host?.CORS ?? demoUrl);

const lanAddress = options.lan ? findLanAddress() : null;
const publicBaseUrl = setting('Sandbox__PublicBaseUrl', lanAddress ? `http://${lanAddress}:${ports.sandbox}` : sandboxUrl);
const sandboxListensOnLan = !/^https?:\/\/(127\.|localhost|\[::1\])/.test(publicBaseUrl);

const env = {
  ...values,
  DOTNET_NOLOGO: '1',
  DOTNET_CLI_TELEMETRY_OPTOUT: '1',
  // Each request and storage call at Information drowns what matters; a setting of your own wins.
  'Logging__LogLevel__Azure.Core': setting('Logging__LogLevel__Azure.Core', 'Warning'),
  'Logging__LogLevel__Microsoft.AspNetCore': setting('Logging__LogLevel__Microsoft.AspNetCore', 'Warning'),
  'Logging__LogLevel__System.Net.Http.HttpClient': setting('Logging__LogLevel__System.Net.Http.HttpClient', 'Warning'),
  Host__CORS: corsOrigins,
  // The sandbox plays the JetPay project the app is set up for, and calls the app back.
  Sandbox__ProjectId: setting('Sandbox__ProjectId', setting('JetPay__ProjectId', '123')),
  Sandbox__SecretKey: setting('Sandbox__SecretKey', setting('JetPay__SecretKey', 'sandbox-secret-change-me')),
  Sandbox__CallbackUrl: setting('Sandbox__CallbackUrl', `${appUrl}/api/jetpay/callback`),
  Sandbox__PublicBaseUrl: publicBaseUrl,
  // The app's webhooks go to the local webhook inbox, signed with a local secret (new each run unless the settings have one).
  Notifications__Webhook__Url: setting('Notifications__Webhook__Url', `${webhookInboxUrl}/webhook`),
  Notifications__Webhook__Secret: setting('Notifications__Webhook__Secret', `whsec_${randomBytes(32).toString('base64')}`),
};

// ---- processes ------------------------------------------------------------------------------------------------
const children = [];
let stopping = false;

function start(name, command, args, { cwd = root } = {}) {
  // Its own process group on POSIX, so that stopping it also stops what it started (dotnet run, func's worker).
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: !isWindows, shell: isWindows && command === func });
  const prefix = `[${name}] `.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(prefix + line + '\n'));
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

function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (isWindows) spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    else process.kill(-child.pid, 'SIGKILL'); // Azurite may ignore gentler signals; everything here is disposable
  } catch {
    // already gone
  }
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  children.forEach(kill);
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('exit', () => children.forEach(kill));

/** Runs a command to its end (the services started so far keep running and printing meanwhile). */
function run(title, command, args) {
  console.log(`  ${title}…`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', (error) => { console.error(`${title} failed: ${error.message}`); stop(1); });
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else { console.error(`${title} failed (exit ${code}).`); stop(1); }
    });
  });
}

/** Resolves once `check` passes; fails when the process exits first or the time is up. */
async function waitFor(name, check, child, seconds = 180) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`${name} exited before it was ready`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} was not ready within ${seconds} s`);
}

const answers = (url) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).status > 0;
const healthy = (url) => async () => (await fetch(url, { signal: AbortSignal.timeout(10000) })).status === 200;
const listens = (port) => () => new Promise((resolve) => {
  const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
  socket.on('error', () => resolve(false));
});

/** `func` on PATH, else the one `npm ci` put in node_modules/.bin; null when there is none. */
function findFunc() {
  const names = isWindows ? ['func.cmd', 'func.exe'] : ['func'];
  const directories = [...(process.env.PATH ?? '').split(isWindows ? ';' : ':'), join(root, 'node_modules', '.bin')];
  for (const directory of directories.filter(Boolean)) {
    for (const name of names) {
      if (existsSync(join(directory, name))) return join(directory, name);
    }
  }
  return null;
}

function findLanAddress() {
  const address = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!address) {
    console.error('--lan: this machine has no IPv4 LAN address; set Sandbox__PublicBaseUrl yourself.');
    process.exit(1);
  }
  return address.address;
}

// ---- start ----------------------------------------------------------------------------------------------------
for (const tool of ['azurite', 'maildev']) {
  if (!existsSync(join(root, 'node_modules', tool, 'package.json'))) {
    console.error(`${tool} is not installed: run \`npm ci\` first (npm ci && npm start).`);
    process.exit(1);
  }
}

const func = findFunc();
if (!func) {
  console.error(`Azure Functions Core Tools (func, version 4) were not found on PATH nor in node_modules/.bin.
  npm ci installs them (as an optional dependency: it needs Node.js 22 or newer and internet access), or install them
  yourself: npm install -g azure-functions-core-tools@4, or see
  https://learn.microsoft.com/azure/azure-functions/functions-run-local`);
  process.exit(1);
}
console.log(`Settings from ${settingsFile.slice(root.length + 1)}; the app runs on ${func}.`);

// The node services start while .NET builds.
const azurite = start('azurite', process.execPath, [
  join(root, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js'),
  '--silent', '--skipApiVersionCheck', '--loose', '--location', join(root, '.azurite'),
]);
const maildev = start('maildev', process.execPath, [
  join(root, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js'),
  '--smtp', String(smtpPort), '--ip', '127.0.0.1', '--web', String(ports.mailWeb), '--web-ip', '127.0.0.1',
]);

// Build once, one project after the other: two `dotnet run`s building the shared projects at once would race on obj/.
const quiet = ['--nologo', '-v', 'q', '-clp:ErrorsOnly;NoSummary'];
await run('Building the sandbox', 'dotnet', ['build', join(root, 'src', 'JetPay.Sandbox'), ...quiet]);

try {
  await startWebhookInbox({ port: ports.webhookInbox, secret: env.Notifications__Webhook__Secret, forwardTo: options['forward-to'] ?? null });
  const sandbox = start('sandbox', 'dotnet', [
    'run', '--no-build', '--project', join(root, 'src', 'JetPay.Sandbox'), '--',
    '--urls', sandboxListensOnLan ? `http://0.0.0.0:${ports.sandbox}` : sandboxUrl,
  ]);
  await Promise.all([
    waitFor('Azurite', async () => (await listens(10000)()) && (await listens(10001)()) && (await listens(10002)()), azurite),
    waitFor('maildev', answers(`${inboxUrl}/api/healthz`), maildev),
    waitFor('the sandbox', answers(`${sandboxUrl}/sandbox/health`), sandbox),
  ]);

  const app = start('app', func, ['start', '--port', String(ports.app), '--cors', corsOrigins], { cwd: join(root, 'src', 'JetPayFunctions') });
  await waitFor('the app', healthy(`${appUrl}/api/health`), app);

  await startDemoServer({ port: ports.demo, host: '127.0.0.1', apiBaseUrl: `${appUrl}/api`, inboxes: { mail: inboxUrl, webhooks: webhookInboxUrl } });
} catch (error) {
  console.error(`The stack did not come up: ${error.message}`);
  stop(1);
}

console.log(`
  Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Open:

  Demo page       ${demoUrl}
  App             ${appUrl}/api   (func start; contract in src/JetPayFunctions/openapi.json)
  JetPay sandbox  ${sandboxUrl}   (QR codes open ${publicBaseUrl}/checkout/…; control API under /sandbox)
  Mail inbox      ${inboxUrl}   (SMTP on 127.0.0.1:${smtpPort})
  Webhook inbox   ${webhookInboxUrl}   (the app's webhooks to ${env.Notifications__Webhook__Url}${options['forward-to'] ? `, forwarded to ${options['forward-to']}` : ''})
                  signing secret ${env.Notifications__Webhook__Secret}   (local only)
  Storage         Azurite on 127.0.0.1:10000-10002 (data in .azurite/)
${sandboxListensOnLan ? '' : '\n  A phone on your network can pay too: npm start -- --lan\n'}
  Ctrl-C stops everything.
`);
