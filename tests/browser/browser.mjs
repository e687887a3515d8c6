// Launching Debian's Chromium (Playwright gives it a fresh profile) for the browser tests, and the checks every
// page gets: no console errors, no axe violations at WCAG 2.2 AA.
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { freshTotp, totpDue } from '../http/helpers.mjs';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors and uncaught exceptions. */
export async function watchedPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`exception: ${e.message}`));
  // ERR_ABORTED is the browser cancelling a fetch because the test moved on
  // to the next page; any other failure is a problem.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') page.problems.push(`failed: ${r.url()}`);
  });
  return page;
}

export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`);
}

/** Signs in through the sign-in page; an admin sets up two-step sign-in. */
export async function signIn(page, url, user) {
  await page.goto(`${url}/signin`);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('networkidle');
  if (page.url().includes('/account/two-step')) {
    const key = await page.locator('code').first().textContent();
    user.totpSecret = key;
    user.totpStep = undefined;
    await page.getByLabel('6-digit code').fill(await freshTotp(user));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('heading', { name: 'Two-step sign-in is on' }).waitFor();
    user.recoveryCodes = await page.locator('li code').allTextContents();
    await page.getByRole('link', { name: 'Continue' }).click();
  } else if (page.url().includes('/signin/code')) {
    // a code is taken once: a recovery code saves waiting for the next step's
    await page.getByLabel('Code').fill(!totpDue(user) && user.recoveryCodes?.length
      ? user.recoveryCodes.shift() : await freshTotp(user));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForLoadState('networkidle');
}
