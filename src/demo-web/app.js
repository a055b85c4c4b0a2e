// The demo checkout: create a QR payment, show its code, and poll until JetPay's callback has moved it on.
// Plain modern JavaScript, no build step. The API's errors are RFC 9457 problem details: `detail` and `errors`.
const api = (window.demoConfig?.apiBaseUrl ?? 'http://127.0.0.1:7071/api').replace(/\/$/, '');
const pollEvery = 1500;
const minorUnits = { KZT: 2, USD: 2, EUR: 2 };
const inboxes = window.demoConfig?.inboxes; // `npm start` says where its mail and webhook inboxes are

const form = document.querySelector('#order');
const errorBox = document.querySelector('#error');
const section = document.querySelector('#payment');
const qr = document.querySelector('#qr');
const statusText = document.querySelector('#status');
const timeLeft = document.querySelector('#time-left');
const cancelButton = document.querySelector('#cancel');
let polling;
let ticking;
let current;

cancelButton.addEventListener('click', async () => {
  if (!current) return;
  cancelButton.disabled = true;
  try {
    show(await call('POST', `/payments/${encodeURIComponent(current.paymentId)}/cancel`));
  } catch (error) {
    showError(error.message, error.errors);
  } finally {
    cancelButton.disabled = false;
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError();
  const fields = Object.fromEntries(new FormData(form));
  const amount = toMinorUnits(fields.amount.trim(), fields.currency);
  if (amount === null) {
    showError(`Enter the amount in ${fields.currency} with at most ${minorUnits[fields.currency]} decimals, such as 100.50.`);
    return;
  }

  const order = {
    ...(fields.paymentId.trim() && { paymentId: fields.paymentId.trim() }),
    amount,
    currency: fields.currency,
    description: fields.description.trim() || undefined,
    customer: { id: fields.customerId.trim(), firstName: fields.firstName.trim(), lastName: fields.lastName.trim(), email: fields.email.trim() },
  };

  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const payment = await call('POST', '/payments/qr', order);
    show(payment);
    poll(payment.paymentId);
  } catch (error) {
    showError(error.message, error.errors);
  } finally {
    button.disabled = false;
  }
});

/** "100.5" KZT → 10050; exact string arithmetic, never floating point. Null when it is not an amount. */
function toMinorUnits(text, currency) {
  const digits = minorUnits[currency];
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[2] ?? '').length > digits) return null;
  const value = BigInt(match[1] + (match[2] ?? '').padEnd(digits, '0'));
  return value > 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

function toMajorUnits(amount, currency) {
  const digits = minorUnits[currency] ?? 0;
  const text = String(amount).padStart(digits + 1, '0');
  return digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
}

async function call(method, path, body) {
  let response;
  try {
    response = await fetch(api + path, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new Error(`The payments API at ${api} cannot be reached. Is the app running, and does its Host.CORS allow ${location.origin}?`);
  }

  const payload = await response.json().catch(() => null);
  if (response.ok) return payload;
  // With per-field `errors` the list says it all; otherwise `detail` explains the problem.
  const fieldErrors = payload?.errors && Object.keys(payload.errors).length ? payload.errors : undefined;
  const error = new Error((fieldErrors ? payload.title : payload?.detail ?? payload?.title) ?? `The API answered ${response.status}.`);
  error.errors = fieldErrors;
  throw error;
}

function show(payment) {
  current = payment;
  section.hidden = false;
  document.querySelector('#payment-id').textContent = payment.paymentId;
  document.querySelector('#payment-amount').textContent = `${toMajorUnits(payment.amount, payment.currency)} ${payment.currency}`;
  qr.alt = `QR code to pay order ${payment.paymentId}`;
  const expiresSoon = !qr.dataset.expiresAt || Date.parse(qr.dataset.expiresAt) - Date.now() < 60_000;
  if (payment.qrCodeUrl && (qr.dataset.paymentId !== payment.paymentId || expiresSoon)) {
    qr.src = payment.qrCodeUrl;
    qr.dataset.paymentId = payment.paymentId;
    qr.dataset.expiresAt = payment.qrCodeExpiresAt;
  }

  // The API sends a QR code URL exactly while the payment can still be paid; past that, the status is final.
  const open = Boolean(payment.qrCodeUrl);
  const paid = payment.status === 'success';
  const review = payment.status === 'review';
  const expired = payment.status === 'expired';
  const canceled = payment.status === 'canceled' || payment.status === 'cancelled';
  const failed = !open && !paid && !review;
  statusText.textContent = paid ? 'Paid' : review ? 'Held for review' : expired ? 'Expired' : canceled ? 'Canceled'
    : failed ? `Not paid: ${payment.status}` : 'Waiting for payment…';
  statusText.dataset.status = payment.status;
  statusText.className = `status${paid ? ' paid' : failed ? ' failed' : ''}`;
  document.querySelector('#payment-title').textContent = paid ? 'Payment received' : review ? 'Payment being checked'
    : expired ? 'Payment expired' : canceled ? 'Payment canceled' : failed ? 'Payment not completed' : 'Scan to pay';
  qr.hidden = !open;
  if (inboxes && !open) {
    document.querySelector('#mail-inbox').href = inboxes.mail;
    document.querySelector('#webhook-inbox').href = inboxes.webhooks;
    document.querySelector('#inboxes').hidden = false;
  }
  cancelButton.hidden = !open;
  tick(open ? payment.expiresAt : undefined);
}

/** Counts down to expiresAt each second; at zero the page says Expired at once (the next poll confirms it). */
function tick(expiresAt) {
  clearInterval(ticking);
  if (!expiresAt) {
    timeLeft.textContent = '—';
    return;
  }

  const update = () => {
    const seconds = Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000));
    timeLeft.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    if (seconds === 0) {
      clearInterval(ticking);
      statusText.textContent = 'Expired';
      statusText.className = 'status failed';
      document.querySelector('#payment-title').textContent = 'Payment expired';
      qr.hidden = true;
      cancelButton.hidden = true;
    }
  };
  update();
  ticking = setInterval(update, 1000);
}

function poll(paymentId) {
  clearInterval(polling);
  polling = setInterval(async () => {
    try {
      const payment = await call('GET', `/payments/${encodeURIComponent(paymentId)}`);
      clearError();
      show(payment);
      if (!payment.qrCodeUrl) clearInterval(polling);
    } catch (error) {
      showError(error.message, error.errors);
    }
  }, pollEvery);
}

function showError(message, errors) {
  errorBox.replaceChildren(message);
  if (errors && typeof errors === 'object') {
    const list = document.createElement('ul');
    for (const [field, messages] of Object.entries(errors)) {
      for (const text of [].concat(messages)) {
        const item = document.createElement('li');
        item.textContent = `${field}: ${text}`;
        list.append(item);
      }
    }
    errorBox.append(list);
  }
  errorBox.hidden = false;
}

function clearError() {
  errorBox.hidden = true;
  errorBox.replaceChildren();
}
