// Runs every test project of the solution and prints one closing line: "tests: N passed, N failed".
// Works on Linux, macOS and Windows; needs the .NET SDK and the npm packages of package.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'artifacts', 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const args = [
  'test', join(root, 'JetPayFunctions.sln'),
  '--configuration', 'Release',
  '--logger', 'trx',
  '--logger', 'console;verbosity=normal',
  '--results-directory', results,
  ...process.argv.slice(2),
];
const run = spawnSync('dotnet', args, { stdio: 'inherit', cwd: root });

let passed = 0;
let failed = 0;
for (const file of readdirSync(results).filter((f) => f.endsWith('.trx'))) {
  const counters = /<Counters\b[^>]*>/.exec(readFileSync(join(results, file), 'utf8'))?.[0] ?? '';
  const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(counters)?.[1] ?? 0);
  passed += count('passed');
  failed += count('failed') + count('error') + count('timeout') + count('aborted');
}
if (run.status !== 0 && failed === 0) failed = 1; // a build or host failure counts, even with no trx written

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
