// The official ECommPay JS SDK (npm "ecommpay") parsing and verifying JetPay's documented successful purchase callback:
// `new Callback(secret, body)` parses the JSON, re-signs it and compares, then the payment id and status are read.
// Prints the median time per callback over rounds of 20,000, to set beside CallbackSignature.TryVerifyAndParse in
// bench/results/SignatureBenchmarks.md (the .NET run uses the same callback and key).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Callback, signer } = require('ecommpay');

const key = 'benchmark-secret-key';
const callback = JSON.parse(readFileSync(new URL('../../samples/JetPay.PaymentPage.Consumer/documented-callback.json', import.meta.url), 'utf8'));
delete callback.signature;
callback.signature = signer(callback, key);
const body = JSON.stringify(callback);

function parseAndVerify() {
  const verified = new Callback(key, body);
  return verified.isPaymentSuccess() && verified.getPaymentId() === 'payment_47';
}

if (!parseAndVerify()) throw new Error('the SDK did not accept its own signature');
const perRound = 20_000;
for (let i = 0; i < perRound * 5; i++) parseAndVerify(); // warm-up

const rounds = [];
for (let round = 0; round < 15; round++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++) parseAndVerify();
  rounds.push(Number(process.hrtime.bigint() - start) / perRound / 1000);
}
rounds.sort((a, b) => a - b);
console.log(`ecommpay ${require('ecommpay/package.json').version} on Node ${process.version}: signature ${callback.signature.slice(0, 16)}...`);
console.log(`new Callback(secret, body) + isPaymentSuccess() + getPaymentId(): median ${rounds[7].toFixed(2)} us, min ${rounds[0].toFixed(2)} us, max ${rounds[14].toFixed(2)} us per callback (${rounds.length} rounds of ${perRound})`);
