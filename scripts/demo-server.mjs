// Serves the demo checkout page (src/demo-web) as static files, with a config.js that points it at the API.
// Used by `npm start`; runs on its own too: node scripts/demo-server.mjs --port 5173 --api http://127.0.0.1:7071/api
//   [--mail-inbox http://127.0.0.1:1080 --webhook-inbox http://127.0.0.1:1081]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, dirname, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'demo-web');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

/** Starts the server; resolves with its address once it listens. */
/** `inboxes` ({ mail, webhooks }: their pages' addresses), when given, are linked once a payment is final. */
export function startDemoServer({ port = 5173, host = '127.0.0.1', apiBaseUrl = 'http://127.0.0.1:7071/api', inboxes = null } = {}) {
  const config = `window.demoConfig = ${JSON.stringify({ apiBaseUrl, inboxes })};\n`;
  const server = createServer(async (request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {
      response.writeHead(400).end(); // a malformed escape such as "/%"; an unhandled throw here would end the process
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/config.js') {
      response.writeHead(200, { 'Content-Type': types['.js'], 'Cache-Control': 'no-store' }).end(config);
      return;
    }
    const file = normalize(join(webRoot, path === '/' ? 'index.html' : path));
    if (!file.startsWith(webRoot + sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' }).end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '5173' }, host: { type: 'string', default: '127.0.0.1' }, api: { type: 'string', default: 'http://127.0.0.1:7071/api' }, 'mail-inbox': { type: 'string' }, 'webhook-inbox': { type: 'string' } } });
  const inboxes = values['mail-inbox'] && values['webhook-inbox'] ? { mail: values['mail-inbox'], webhooks: values['webhook-inbox'] } : null;
  const { url } = await startDemoServer({ port: Number(values.port), host: values.host, apiBaseUrl: values.api, inboxes });
  console.log(`Demo page listening on ${url}`);
}
