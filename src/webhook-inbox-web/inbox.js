// The webhook inbox's page: polls GET /api/webhooks and lists what arrived; the switch posts to /control/outage.
// Plain modern JavaScript, no build step. Every value from a webhook is set as text, never as HTML.
const pollEvery = 1000;
const outage = document.querySelector('#outage');
const rows = document.querySelector('#webhooks tbody');
const errorBox = document.querySelector('#error');
let shown = ''; // the list as last drawn: redrawn only when it changed (a forward's answer comes after the webhook)

document.querySelector('#endpoint').textContent = `${location.origin}/webhook`;

outage.addEventListener('change', async () => {
  const response = await fetch('/control/outage', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ enabled: outage.checked }) })
    .catch(() => null);
  if (!response?.ok) showError('The inbox did not take the switch; is it still running?');
});

async function refresh() {
  try {
    const inbox = await (await fetch('/api/webhooks', { cache: 'no-store' })).json();
    errorBox.hidden = true;
    document.querySelector('#secret').textContent = inbox.secret;
    document.querySelector('#forward-to').textContent = inbox.forwardTo ?? '—';
    if (document.activeElement !== outage) outage.checked = inbox.outage;
    const list = JSON.stringify(inbox.webhooks);
    if (list !== shown) render(inbox.webhooks, list);
  } catch {
    showError('The inbox cannot be reached; is it still running?');
  }
  setTimeout(refresh, pollEvery);
}

function render(webhooks, list) {
  shown = list;
  document.querySelector('#empty').hidden = webhooks.length > 0;
  document.querySelector('#webhooks').hidden = webhooks.length === 0;
  rows.replaceChildren(...webhooks.map(row));
}

function row(webhook) {
  const tr = document.createElement('tr');
  tr.dataset.webhookId = webhook.webhookId ?? '';
  tr.append(
    cell(new Date(webhook.receivedAt).toLocaleTimeString()),
    cell(webhook.webhookId ?? '(none)', 'code'),
    cell(webhook.type ?? '—'),
    cell(webhook.paymentId ?? '—'),
    cell(webhook.status ?? '—'),
    webhook.verified ? cell('verified', 'span', 'verified') : cell(`not verified: ${webhook.verificationError}`, 'span', 'not-verified'),
    answered(webhook),
    cell(webhook.body, 'pre'),
  );
  return tr;
}

function answered(webhook) {
  const td = cell(webhook.answeredWith === 503 ? '503 (outage)' : String(webhook.answeredWith ?? '…'), 'span', webhook.answeredWith >= 300 ? 'failed' : '');
  const forward = webhook.forward;
  if (forward) {
    const text = forward.error ? `forward failed: ${forward.error}` : `forward: ${forward.status} in ${forward.milliseconds} ms${forward.body ? `: ${forward.body}` : ''}`;
    td.append(document.createElement('br'), Object.assign(document.createElement('small'), { textContent: text }));
  }
  return td;
}

function cell(text, tag = 'span', className = '') {
  const td = document.createElement('td');
  const inner = document.createElement(tag);
  inner.textContent = text;
  if (className) inner.className = className;
  td.append(inner);
  return td;
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

refresh();
