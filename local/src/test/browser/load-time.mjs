// Times the console's pages in Debian's headless Chromium: from navigation to the page's data on
// screen, RUNS times each (after a first, cold overview that fills the server's window tally), and
// prints the medians. ConsoleLoadTimeMeasurement runs it against 10,000 seeded executions.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from './chromium.mjs';

const url = process.env.CONSOLE_URL;
const runs = Number(process.env.RUNS || 7);
const profile = mkdtempSync(join(tmpdir(), 'hookline-console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 860 },
});
const page = context.pages()[0] ?? await context.newPage();

async function load(path, ready) {
  await page.goto('about:blank');
  const started = performance.now();
  await page.goto(`${url}/${path}`);
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 120000 });
  return performance.now() - started;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(name, path, ready) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await load(path, ready));
  console.log(`${name}: median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, ${runs} runs)`);
}

async function refresh() {
  const times = [];
  let read = 0;
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const result = await page.evaluate(async () => {
      const started = performance.now();
      const body = await (await fetch('/api/overview?window=15m')).json();
      return { ms: performance.now() - started, read: body.read, total: body.total };
    });
    times.push(result.ms);
    read = result.read;
    total = result.total;
  }
  console.log(`overview refresh (GET /api/overview, warm): median ${median(times).toFixed(0)} ms, reads ${read} of the ${total} executions in the window`);
}

let exitCode = 0;
try {
  const cold = await load('#/overview?window=15m', '#by-status');
  const first = await page.evaluate(() => document.querySelector('main p.muted:last-of-type').textContent);
  console.log(`overview, first load (the server reads the whole window): ${cold.toFixed(0)} ms; ${first}`);
  await measure('overview (warm window tally)', '#/overview?window=15m', '#by-status');
  await refresh();
  await measure('executions, newest 50', '#/executions', '#executions tbody tr');
  await measure('executions, status FAILED', '#/executions?status=FAILED', '#executions tbody tr');
  await measure('executions, status PROCESSING', '#/executions?status=PROCESSING', '#executions tbody tr');
} catch (failure) {
  console.log(`FAILED: ${failure.message}`);
  exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(exitCode);
