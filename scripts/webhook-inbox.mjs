// A merchant's webhook endpoint for a developer's machine: receives the app's webhooks on POST /webhook, verifies each
// with the Standard Webhooks library, keeps the last 500 in memory and lists them, newest first, on its page.
//   --forward-to <url>  also posts each webhook, unchanged (same body bytes, same webhook-* headers), to the merchant's
//                       own app, and shows what it answered;
//   outage              while on, every webhook is answered 503 (and still listed), so that the app's retries show;
//                       switched on the page or with POST /control/outage {"enabled":true}.
// Used by `npm start`; runs on its own too:
//   node scripts/webhook-inbox.mjs --port 1081 --secret whsec_... [--forward-to http://127.0.0.1:3000/webhooks]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'webhook-inbox-web');
const pages = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/inbox.js': ['inbox.js', 'text/javascript; charset=utf-8'],
  '/inbox.css': ['inbox.css', 'text/css; charset=utf-8'],
};
const forwardedHeaders = ['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature'];
const maxBodyBytes = 1024 * 1024;
const forwardTimeoutMs = 10_000; // under the app's 15 s per attempt, so the app never gives up on the inbox first

/**
 * Starts the inbox; resolves with its address once it listens.
 * @param {{ port?: number, host?: string, secret: string, forwardTo?: string | null, limit?: number }} options
 */
export async function startWebhookInbox({ port = 1081, host = '127.0.0.1', secret, forwardTo = null, limit = 500 }) {
  const webhook = readSecret(secret);
  if (forwardTo && !URL.canParse(forwardTo)) throw new Error(`--forward-to ${forwardTo} is not an absolute URL.`);
  const received = []; // newest first
  let outage = false;
  let sequence = 0;

  async function receive(request, response) {
    const body = await readBody(request);
    if (body === null) {
      send(response, 413, { error: `A webhook body may be at most ${maxBodyBytes} bytes.` });
      return;
    }
    const entry = { sequence: ++sequence, receivedAt: new Date().toISOString(), ...describe(request.headers, body), ...verify(webhook, request.headers, body) };
    received.unshift(entry);
    received.length = Math.min(received.length, limit);
    if (outage) {
      entry.answeredWith = 503;
      send(response, 503, { error: 'The webhook inbox is in outage mode (POST /control/outage {"enabled":false} ends it).' });
      return;
    }
    if (forwardTo) entry.forward = await forward(forwardTo, request.headers, body);
    entry.answeredWith = entry.verified ? 204 : 400;
    if (entry.verified) response.writeHead(204).end();
    else send(response, 400, { error: `The signature did not verify: ${entry.verificationError}` });
  }

  async function control(request, response) {
    // Only JSON: a web page elsewhere cannot post it without a CORS preflight, which this server never grants.
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      send(response, 415, { error: 'Expected Content-Type: application/json.' });
      return;
    }
    const body = await readBody(request);
    let enabled;
    try {
      enabled = JSON.parse(body?.toString('utf8') ?? '').enabled;
    } catch {
      // answered below
    }
    if (typeof enabled !== 'boolean') {
      send(response, 400, { error: 'Expected a JSON body {"enabled": true} or {"enabled": false}.' });
      return;
    }
    outage = enabled;
    send(response, 200, { outage });
  }

  const server = createServer(async (request, response) => {
    // A name that resolves to 127.0.0.1 (DNS rebinding) must not let a web page read the list and its secret.
    if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(request.headers.host ?? '')) {
      send(response, 421, { error: 'The webhook inbox answers only to 127.0.0.1, localhost or [::1].' });
      return;
    }
    const path = new URL(request.url, 'http://localhost').pathname;
    const route = `${request.method} ${path}`;
    try {
      if (route === 'POST /webhook') await receive(request, response);
      else if (route === 'POST /control/outage') await control(request, response);
      else if (route === 'GET /api/webhooks') send(response, 200, { outage, forwardTo, secret, webhooks: received });
      else if (request.method === 'GET' && pages[path]) {
        const [file, type] = pages[path];
        response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' }).end(await readFile(join(webRoot, file)));
      } else send(response, 404, { error: `No ${route} here: webhooks go to POST /webhook.` });
    } catch (error) {
      if (!response.headersSent) send(response, 500, { error: error.message });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${server.address().port}`;
      resolve({ server, url, webhookUrl: `${url}/webhook` });
    });
  });
}

function readSecret(secret) {
  try {
    return new Webhook(secret);
  } catch {
    throw new Error('The signing secret must be whsec_ and base64, as the app\'s Notifications__Webhook__Secret.');
  }
}

/** The whole body, or null once it passes the size limit. */
async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > maxBodyBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** What the page shows of a webhook besides its signature: the headers, and the type and payment of a JSON body. */
function describe(headers, body) {
  const text = body.toString('utf8');
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: listed with its text only
  }
  return {
    webhookId: headers['webhook-id'] ?? null,
    webhookTimestamp: headers['webhook-timestamp'] ?? null,
    signature: headers['webhook-signature'] ?? null,
    type: typeof json?.type === 'string' ? json.type : null,
    paymentId: typeof json?.data?.paymentId === 'string' ? json.data.paymentId : null,
    status: typeof json?.data?.status === 'string' ? json.data.status : null,
    body: text,
  };
}

/** The library accepts the webhook when any one of its space-separated v1 signatures matches (as during a secret rotation). */
function verify(webhook, headers, body) {
  try {
    webhook.verify(body, headers, { jsonParse: false });
    return { verified: true, verificationError: null };
  } catch (error) {
    return { verified: false, verificationError: error.message };
  }
}

/** Posts the same bytes with the same webhook headers; a failure to reach the app is shown, not thrown. */
async function forward(url, headers, body) {
  const started = Date.now();
  const sent = Object.fromEntries(forwardedHeaders.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));
  try {
    const answer = await fetch(url, { method: 'POST', headers: sent, body, redirect: 'manual', signal: AbortSignal.timeout(forwardTimeoutMs) });
    const text = await answer.text();
    return { url, status: answer.status, body: text.slice(0, 2000), error: null, milliseconds: Date.now() - started };
  } catch (error) {
    return { url, status: null, body: null, error: error.cause?.message ?? error.message, milliseconds: Date.now() - started };
  }
}

function send(response, status, json) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(json));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '1081' }, host: { type: 'string', default: '127.0.0.1' }, secret: { type: 'string' }, 'forward-to': { type: 'string' } } });
  if (!values.secret) {
    console.error('--secret whsec_... is required: the secret the app signs its webhooks with.');
    process.exit(2);
  }
  const { url, webhookUrl } = await startWebhookInbox({ port: Number(values.port), host: values.host, secret: values.secret, forwardTo: values['forward-to'] ?? null })
    .catch((error) => {
      console.error(error.message);
      process.exit(2);
    });
  console.log(`Webhook inbox listening on ${url} (webhooks to ${webhookUrl}${values['forward-to'] ? `, forwarded to ${values['forward-to']}` : ''})`);
}
