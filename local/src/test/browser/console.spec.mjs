// The console scenario in Debian's headless Chromium, driven by playwright-core (which downloads no
// browser). ConsoleBrowserEndToEndTest starts Hookline and the console, then runs this with node:
// exit code 0 when every step saw what it should, 1 with the failing step otherwise.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from './chromium.mjs';

const url = process.env.CONSOLE_URL;
const completed = process.env.COMPLETED_TOKEN;
const failed = process.env.FAILED_TOKEN;
const screenshots = process.env.SCREENSHOTS;
const WAIT = { timeout: 15000 };

function step(name) {
  console.log(`step: ${name}`);
}

async function shot(page, name) {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

// hasText alone matches a substring, case-insensitively: FAILED would match "forward_failed".
function exactly(text) {
  return { hasText: new RegExp(`^${text}$`) };
}

async function visible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', ...WAIT });
  } catch (notThere) {
    throw new Error(`not visible: ${what}`);
  }
}

const profile = mkdtempSync(join(tmpdir(), 'hookline-console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 860 },
});
let exitCode = 0;
const page = context.pages()[0] ?? await context.newPage();
try {
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));

  step('the overview counts one completed and one failed execution and shows both queues');
  await page.goto(`${url}/#/overview`);
  await visible(page.getByText('Executions received in the window: 2'), 'the window total of 2');
  await visible(page.locator('[data-status="COMPLETED"]', exactly('1')), 'COMPLETED 1');
  await visible(page.locator('[data-status="FAILED"]', exactly('1')), 'FAILED 1');
  await visible(page.locator('#dlq-depth', exactly('1')), 'a dead-letter queue depth of 1');
  await visible(page.getByText('Live: updated'), 'the live refresh line');
  await shot(page, 'overview');

  step('the executions page lists both, newest first, with their status');
  await page.click('nav >> text=Executions');
  await visible(page.locator(`#executions tr[data-token="${completed}"] .status`, exactly('COMPLETED')), 'the completed row');
  await visible(page.locator(`#executions tr[data-token="${failed}"] .status`, exactly('FAILED')), 'the failed row');
  const order = await page.locator('#executions tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.token));
  if (order.indexOf(failed) > order.indexOf(completed)) throw new Error(`not newest first: ${order}`);
  await shot(page, 'executions');

  step('filtering by status FAILED leaves only the failed one');
  await page.selectOption('#status', 'FAILED');
  await page.click('text=Filter');
  await visible(page.locator(`tr[data-token="${failed}"]`), 'the failed row after filtering');
  await page.locator(`tr[data-token="${completed}"]`).waitFor({ state: 'detached', ...WAIT });

  step('the completed execution\'s detail shows its timeline, result and payload');
  await page.goto(`${url}/#/executions/${completed}`);
  await visible(page.locator('#timeline', { hasText: 'Round 1' }), 'the timeline');
  for (const status of ['STARTED', 'VALIDATING', 'PROCESSING', 'COMPLETED']) {
    await visible(page.locator('#timeline .status', exactly(status)), `${status} in the timeline`);
  }
  await visible(page.locator('#payload', { hasText: 'INV-7' }), 'the payload');
  await visible(page.locator('#result'), 'the result');
  await shot(page, 'detail');

  step('the failed execution\'s detail shows its error');
  await page.goto(`${url}/#/executions/${failed}`);
  await visible(page.locator('#error', { hasText: 'forward_failed' }), 'the forward_failed error');
  await visible(page.getByText('Not kept: this source does not expose payloads'), 'no payload for shipping');

  step('the dead-letter queue holds the failed one; replaying it asks first, then follows it to round 2');
  await page.click('nav >> text=Dead-letter queue');
  const row = page.locator(`#dead-letters tr[data-token="${failed}"]`);
  await visible(row.filter({ hasText: 'forward_failed' }).locator('.status', exactly('FAILED')), 'the dead-lettered row');
  await shot(page, 'dead-letter-queue');
  await row.locator('button', { hasText: 'Replay' }).click();
  await visible(page.locator('#confirm-text', { hasText: 'Replay 1 execution?' }), 'the confirmation');
  await page.click('#confirm-ok');
  await visible(page.getByText('Replayed 1 of'), 'the replay report');
  const followed = page.locator(`#replayed tr[data-token="${failed}"]`);
  await visible(followed.locator('.status', exactly('COMPLETED')), 'COMPLETED after the replay');
  await visible(followed.locator('.round', exactly('round 2')), 'in round 2');
  await visible(page.getByText('Nothing to replay.'), 'an empty dead-letter queue');
  await shot(page, 'dead-letter-queue-replayed');

  step('its detail now shows round 2, a replay');
  await page.goto(`${url}/#/executions/${failed}`);
  await visible(page.locator('#timeline', { hasText: 'Round 2 (replay)' }), 'round 2 in the timeline');
  await visible(page.locator('#round', exactly('2')), 'round 2');
  await visible(page.locator('h1 .status', exactly('COMPLETED')), 'COMPLETED at the top of its detail');
  if (problems.length) throw new Error(`the page threw: ${problems.join('; ')}`);
  console.log('passed');
} catch (failure) {
  console.log(`FAILED: ${failure.message}`);
  console.log(`the page said: ${await page.locator('main').innerText().catch(() => '(nothing)')}`);
  await shot(page, 'failure').catch(() => {});
  exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(exitCode);
