// Drives VS Code (code-server) in Debian's chromium through playwright-core, the way a user would: opens the example
// Python and LLVM IR files, shows a hover, applies a quick fix, waits for the code lens; takes screenshots and writes
// what the page showed as JSON. Run by tests/editors/test_vscode.py:
//   NODE_PATH=.e2e/vscode/node_modules node e2e.js URL WORKSPACE OUT_JSON SCREENSHOT_DIR HOOK_JSON
// It exits non-zero only when the browser or page cannot be driven at all; the assertions are the test's.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const [url, workspace, outPath, shotDir, hookPath] = process.argv.slice(2);
const TIMEOUT = 60_000;
const result = { steps: [], errors: [] };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const clean = (s) => (s || '').replace(/\u00a0/g, ' ');

let page;

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    result.steps.push({ name, ok: true, s: (Date.now() - started) / 1000 });
  } catch (error) {
    result.steps.push({ name, ok: false, s: (Date.now() - started) / 1000 });
    result.errors.push(`${name}: ${error && error.message ? error.message.split('\n')[0] : error}`);
    const failure = path.join(path.dirname(outPath), `failed-${name.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: failure }).catch(() => undefined);
  }
}

/** Poll `fn` until it returns something truthy; that value, or the last one after `ms`. */
async function until(fn, ms = TIMEOUT, interval = 250) {
  const deadline = Date.now() + ms;
  let value = await fn();
  while (!value && Date.now() < deadline) {
    await sleep(interval);
    value = await fn();
  }
  return value;
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill('>' + title);
  await sleep(300);
  await page.keyboard.press('Enter');
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(name);
  // Enter only once the first row is the file: before the search answers, the list shows recently opened files.
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  await until(async () => (await first.count()) > 0 && clean(await first.textContent()).includes(name), TIMEOUT, 100);
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor({ timeout: TIMEOUT });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: TIMEOUT });
}

async function goTo(page, line, column) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(`:${line}:${column}`);
  await sleep(200);
  await page.keyboard.press('Enter');
  await sleep(300);
}

async function texts(page, selector) {
  return (await page.locator(selector).allTextContents()).map(clean).filter((t) => t.trim());
}

async function shot(page, name) {
  if (shotDir) {
    fs.mkdirSync(shotDir, { recursive: true });
    await page.screenshot({ path: path.join(shotDir, name) });
  }
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  page.setDefaultTimeout(TIMEOUT);
  try {
    await step('load workbench', async () => {
      await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
    });
    await step('status bar ready', async () => {
      const item = page.locator('.statusbar-item', { hasText: 'Clairvoyant' }).first();
      await item.waitFor({ timeout: TIMEOUT });
      result.statusBar = await until(async () => {
        const label = clean(await item.getAttribute('aria-label'));
        return label.includes('Clairvoyant') && !/loading|starting/i.test(label) ? label : '';
      });
      result.statusBar = result.statusBar || clean(await item.textContent());
    });

    await step('hover', async () => {
      await openFile(page, 'demo.py');
      await goTo(page, 26, 8);
      result.hover = await until(async () => {
        await runCommand(page, 'Show or Focus Hover');
        const found = await until(async () => (await texts(page, '.monaco-hover-content')).join('\n'), 5000);
        if (found.includes('Actual')) {
          return found;
        }
        await page.keyboard.press('Escape');
        return '';
      }, TIMEOUT, 1000);
      result.hover = result.hover || (await texts(page, '.monaco-hover-content')).join('\n');
      await sleep(1000); // let the hover fade in before the screenshot
      await shot(page, 'vscode-hover.png');
      await page.keyboard.press('Escape');
    });

    await step('quick fix', async () => {
      await goTo(page, 18, 14);
      const rows = page.locator('.action-widget .monaco-list-row');
      result.quickFixOffered = await until(async () => {
        await page.keyboard.press('Control+.');
        const offered = await until(async () => (await rows.count()) > 0 && texts(page, '.action-widget .monaco-list-row'), 5000);
        if (offered && offered.some((t) => /None/.test(t))) {
          return offered;
        }
        await page.keyboard.press('Escape');
        return null;
      }, TIMEOUT, 1000);
      await sleep(500);
      await shot(page, 'vscode-quickfix.png');
      // Move the selection to the fix and press Enter, as a user does (the list re-renders, so no mouse clicks).
      for (let i = 0; i < 10 && !result.quickFixChosen; i++) {
        const focused = clean(await page.locator('.action-widget .monaco-list-row.focused').first().textContent());
        if (/None/.test(focused)) {
          result.quickFixChosen = focused;
          await page.keyboard.press('Enter');
        } else {
          await page.keyboard.press('ArrowDown');
          await sleep(100);
        }
      }
      result.lineAfterFix = await until(async () => {
        const lines = await texts(page, '.monaco-editor .view-line');
        return lines.find((l) => /items (is|==) None/.test(l) && /is None/.test(l)) || '';
      }, 20_000);
    });

    await step('inlay hints screenshot', async () => {
      await goTo(page, 9, 1);
      await sleep(1500);
      await shot(page, 'vscode-inlay-hints.png');
    });

    await step('code lens', async () => {
      await openFile(page, 'sumsq.ll');
      result.codeLenses = await until(async () => {
        const lenses = await texts(page, '.codelens-decoration');
        return lenses.some((t) => /suggested \d+/.test(t)) ? lenses : null;
      }, 90_000);
      result.codeLenses = result.codeLenses || await texts(page, '.codelens-decoration');
      await shot(page, 'vscode-codelens.png');
    });

    if (hookPath) {
      await step('api hook result', async () => {
        // The hook starts once the UI steps are done, and the extension host runs only while a page is
        // connected: keep the page open until the hook has written its result.
        fs.writeFileSync(`${hookPath}.go`, '');
        if (!(await until(async () => fs.existsSync(hookPath), 180_000, 500))) {
          throw new Error('the extension did not write the hook result');
        }
      });
    }
  } finally {
    fs.writeFileSync(outPath, JSON.stringify(result, null, 1));
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
