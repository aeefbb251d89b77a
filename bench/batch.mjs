// Batch throughput and memory of `answer-eval score`, and the issue's checks on a large input.
//
//   npm run build && node bench/batch.mjs [--records 10000] [--runs 2] [--skip-formats]
//
// Generates N JSONL records (default 10,000) from the bundled fixtures in a temporary directory,
// 1% of them malformed in turn (invalid JSON, no "answer", unknown rubric), then streams them
// through `node dist/cli.js score FILE --format jsonl` in the main thread alone (--concurrency 1),
// on one worker thread and on two, and prints records/s, the speed-ups, and the peak RSS of the
// whole process (all threads). Then it checks: N lines out, the error rows at the
// right lines, identical output for 1 and 2, well-formed junit with N testcases, csv with N rows,
// --min-score 101 exits 1, an unknown flag exits 2 with a usage message.
// Timings depend on the machine being otherwise idle: each run waits (up to a minute) for other
// processes to use under 10% of the CPU, and prints what they used.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/cli.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const N = Number(arg('records', 10_000));
const RUNS = Number(arg('runs', 2));
const SKIP_FORMATS = process.argv.includes('--skip-formats');
if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run `npm run build` first.');
  process.exit(2);
}

// ---- input -------------------------------------------------------------------------------
const fixtures = readdirSync(join(ROOT, 'fixtures/ai-pm'))
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) => readFileSync(join(ROOT, 'fixtures/ai-pm', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
const dir = mkdtempSync(join(tmpdir(), 'answer-eval-bench-'));
const input = join(dir, `records-${N}.jsonl`);
const expectedErrors = new Map();
{
  const lines = [];
  let k = 0;
  for (let i = 0; i < N; i++) {
    const line = i + 1;
    const f = fixtures[i % fixtures.length];
    const rec = { id: `r${line}`, rubric: f.rubric, question: f.question, answer: f.answer };
    if (i % 100 === 42) {
      const kind = k++ % 3;
      if (kind === 0) {
        lines.push(JSON.stringify(rec).slice(0, -9));
        expectedErrors.set(line, 'PARSE');
      } else if (kind === 1) {
        delete rec.answer;
        lines.push(JSON.stringify(rec));
        expectedErrors.set(line, 'INPUT_TYPE');
      } else {
        lines.push(JSON.stringify({ ...rec, rubric: 'ai-pm/no-such-round' }));
        expectedErrors.set(line, 'RUBRIC_NOT_FOUND');
      }
    } else lines.push(JSON.stringify(rec));
  }
  writeFileSync(input, `${lines.join('\n')}\n`);
}

// ---- running the CLI with its peak RSS ------------------------------------------------------
const TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

/** Runs the CLI to completion. Peak RSS from GNU time, or by polling /proc (VmHWM). */
function run(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const timeFile = join(dir, 'time.txt');
    const cmd = TIME ? TIME : process.execPath;
    const argv = TIME ? ['-f', '%M %U %S', '-o', timeFile, process.execPath, CLI, ...args] : [CLI, ...args];
    const cpuBefore = cpuTicks();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    let stderr = '';
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => (stderr += d));
    let hwm = 0;
    const poll = TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, Number(m[1]));
          } catch {
            // exited
          }
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stdout = Buffer.concat(chunks);
      let peakKb = hwm;
      let ownCpu = NaN;
      if (TIME && existsSync(timeFile)) {
        const [kb, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        peakKb = kb;
        ownCpu = user + sys;
      }
      // What the rest of the machine used meanwhile: all busy CPU time minus ours.
      const cpuAfter = cpuTicks();
      const others = cpuBefore && cpuAfter ? Math.max(0, (cpuAfter.busy - cpuBefore.busy) / TICKS - ownCpu) / (seconds * cpus().length) : NaN;
      resolve({ code, seconds, stdout, stderr, peakMb: peakKb ? peakKb / 1024 : NaN, ownCpu, others });
    });
  });
}

/** Busy and total CPU time of the machine so far, in clock ticks (Linux), or undefined. */
const TICKS = 100;
function cpuTicks() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3] - (f[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/** Share of CPU time other processes used over `ms` (Linux /proc/stat), or NaN elsewhere. */
async function busyShare(ms = 1000) {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await new Promise((r) => setTimeout(r, ms));
    const b = read();
    return 1 - (b.idle - a.idle) / (b.total - a.total);
  } catch {
    return NaN;
  }
}

/** Waits (up to `maxS` seconds) for the machine to be idle, so that timings measure us and not our neighbours. */
async function waitForIdle(maxS = 60) {
  const start = Date.now();
  let busy = await busyShare();
  while (busy > 0.1 && Date.now() - start < maxS * 1000) busy = await busyShare(2000);
  return busy;
}

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const checks = [];
const check = (name, ok, detail = '') => {
  checks.push({ name, ok });
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `: ${detail}` : ''}`);
};

console.log(`answer-eval batch bench: ${N} JSONL records (${(statSync(input).size / 1e6).toFixed(1)} MB, ${expectedErrors.size} malformed), ${cpus().length} CPUs, node ${process.version}`);
console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}  (timings need an otherwise idle machine)`);

// Three configurations: the main thread alone (--concurrency 1, what a user gets), one worker
// thread (--threads workers --concurrency 1) and two. Runs alternate and the fastest of each is
// kept: a neighbour's burst of work then slows one run, not one configuration.
const CONFIGS = [
  { key: 'main', label: '--concurrency 1 (main thread)   ', args: ['--concurrency', '1'] },
  { key: 'w1', label: '--concurrency 1 --threads workers', args: ['--concurrency', '1', '--threads', 'workers'] },
  { key: 'w2', label: '--concurrency 2 (2 workers)      ', args: ['--concurrency', '2'] },
];
const results = {};
for (let r = 0; r < RUNS; r++) {
  for (const c of CONFIGS) {
    const busy = await waitForIdle();
    const res = await run(['score', input, '--format', 'jsonl', '--quiet', ...c.args]);
    res.busy = busy;
    const best = results[c.key];
    if (!best || res.seconds < best.seconds) results[c.key] = { ...res, peakMb: Math.max(res.peakMb, best?.peakMb ?? 0) };
    else best.peakMb = Math.max(best.peakMb, res.peakMb);
  }
}
for (const c of CONFIGS) {
  const best = results[c.key];
  console.log(`${c.label}: ${fmt(best.seconds, 2)} s, ${fmt(N / best.seconds, 0)} records/s, CPU ${fmt(best.ownCpu, 1)} s, peak RSS ${fmt(best.peakMb, 0)} MB, exit ${best.code}; other processes used ${fmt(100 * best.others, 0)}% of the machine meanwhile`);
}
const speedup = results.w1.seconds / results.w2.seconds;
const vsMain = results.main.seconds / results.w2.seconds;
const peak = Math.max(...CONFIGS.map((c) => results[c.key].peakMb));
console.log(`speed-up, 2 workers vs 1 worker: ${fmt(speedup, 2)}x   (target >= 1.7x)`);
console.log(`speed-up, 2 workers vs the main thread alone: ${fmt(vsMain, 2)}x   (the stricter baseline: no worker overhead at all)`);
console.log(`peak RSS: ${fmt(peak, 0)} MB   (target <= 200 MB)`);
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('');
console.log('checks:');

const lines = results.w2.stdout.toString('utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
check(`exactly ${N} output lines`, lines.length === N, `${lines.length}`);
const rows = lines.map((l) => JSON.parse(l));
const errorRows = rows.filter((r) => r.error);
const wrong = errorRows.filter((r) => expectedErrors.get(r.line) !== r.error.code);
check(`${expectedErrors.size} error rows, each naming its line and the right code`, errorRows.length === expectedErrors.size && wrong.length === 0, `${errorRows.length} error rows, ${wrong.length} wrong`);
check('rows in input order', rows.every((r, i) => r.line === i + 1));
const sha = (b) => createHash('sha256').update(b).digest('hex').slice(0, 16);
check('jsonl identical with --concurrency 1, one worker and 2 workers', results.main.stdout.equals(results.w2.stdout) && results.w1.stdout.equals(results.w2.stdout), CONFIGS.map((c) => sha(results[c.key].stdout)).join(' / '));
check('exit 2 when records could not be scored (all rows still written)', CONFIGS.every((c) => results[c.key].code === 2));
check('peak RSS <= 200 MB', peak <= 200, `${fmt(peak, 0)} MB`);
check('2 workers >= 1.7x one worker (needs 2 idle cores)', speedup >= 1.7, `${fmt(speedup, 2)}x`);

if (!SKIP_FORMATS) {
  const junit = await run(['score', input, '--format', 'junit', '--min-score', '50', '--quiet']);
  const xml = junit.stdout.toString('utf8');
  let wellFormed = true;
  try {
    const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
    const stack = [];
    const re = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
    let m;
    let pos = 0;
    let roots = 0;
    while ((m = re.exec(body))) {
      pos = re.lastIndex;
      if (m[5] !== undefined) {
        if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[5])) throw new Error('bare &');
        continue;
      }
      if (m[1]) {
        if (stack.pop() !== m[2]) throw new Error(`mismatched </${m[2]}>`);
      } else {
        if (!stack.length) roots++;
        if (!m[4]) stack.push(m[2]);
      }
    }
    if (pos !== body.length || stack.length || roots !== 1) throw new Error('truncated or several roots');
  } catch (e) {
    wellFormed = false;
    console.log(`    junit: ${e.message}`);
  }
  const testcases = (xml.match(/<testcase /g) ?? []).length;
  check(`--format junit is well-formed XML with ${N} testcases`, wellFormed && testcases === N, `${testcases} testcases, peak RSS ${fmt(junit.peakMb, 0)} MB`);

  const csv = await run(['score', input, '--format', 'csv', '--quiet']);
  // RFC 4180 record count: line breaks outside quoted fields.
  const text = csv.stdout.toString('utf8');
  let records = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) inQuotes = !inQuotes;
    else if (ch === 10 && !inQuotes) records++;
  }
  check(`--format csv has a header and ${N} rows`, records === N + 1 && !inQuotes, `${records - 1} rows, peak RSS ${fmt(csv.peakMb, 0)} MB`);
}

const small = join(ROOT, 'fixtures/ai-pm/execution.jsonl');
const min = await run(['score', small, '--min-score', '101', '--quiet']);
check('--min-score 101 exits 1', min.code === 1, `exit ${min.code}`);
const bad = await run(['score', small, '--no-such-flag']);
check('an unknown flag exits 2 with a usage message', bad.code === 2 && /Unknown option --no-such-flag/.test(bad.stderr) && /Usage: answer-eval score/.test(bad.stderr), `exit ${bad.code}`);

rmSync(dir, { recursive: true, force: true });
const failed = checks.filter((c) => !c.ok).length;
console.log(`\n${checks.length - failed}/${checks.length} checks passed`);
process.exitCode = failed ? 1 : 0;
