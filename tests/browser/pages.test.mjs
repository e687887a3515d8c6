// The pages people use, in a real browser: no console errors, no axe
// violations, usable at 360 px, and the program form end to end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../http/helpers.mjs';
import { axeViolations, launch, watchedPage } from './browser.mjs';

describe('pages in Chromium', () => {
  let s, browser;
  before(async () => {
    s = await startServer({ args: ['--demo'] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  for (const [name, path] of [['home', '/'], ['programs', '/programs'],
    ['add a program', '/programs/new'], ['a program', '/programs/1'], ['not found', '/no/such/page']]) {
    test(`${name} page: no console errors, no axe violations`, async () => {
      const page = await watchedPage(browser);
      const r = await page.goto(s.url + path);
      assert.equal(r.status(), path === '/no/such/page' ? 404 : 200);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await axeViolations(page), []);
      const problems = page.problems.filter((p) => !(path === '/no/such/page' && /404/.test(p)));
      assert.deepEqual(problems, []);
      await page.context().close();
    });
  }

  test('the USWDS styles and fonts load (the page is styled, not bare)', async () => {
    const page = await watchedPage(browser);
    await page.goto(`${s.url}/programs`);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /Source Sans Pro/i);
    const button = await page.locator('a.usa-button').first().evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.notEqual(button, 'rgba(0, 0, 0, 0)');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('at 360 px: no sideways scrolling, the menu opens, the skip link works', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    for (const path of ['/', '/programs', '/programs/new', '/programs/1']) {
      await page.goto(s.url + path);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `${path} is ${wide}px wide`);
    }
    await page.goto(`${s.url}/programs`);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Programs' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.goto(`${s.url}/programs`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.textContent);
    assert.equal(focused, 'Skip to main content');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a person adds a program with the form, and fixes a mistake on the way', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await page.goto(`${s.url}/programs/new`);
    await page.getByLabel('Name').fill('Lakeside Peer Support');
    await page.getByText('Inpatient', { exact: true }).click();
    await page.getByLabel('Time zone').fill('Lake/Nowhere');
    await page.getByRole('button', { name: 'Save program' }).click();
    await page.getByRole('heading', { name: 'Please check this form' }).waitFor();
    assert.match(await page.locator('#time_zone-error').textContent(), /Time zone must be/);
    assert.equal(await page.getByLabel('Name').inputValue(), 'Lakeside Peer Support');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('link', { name: 'Time zone' }).click();
    await page.getByLabel('Time zone').fill('America/Chicago');
    await page.getByRole('button', { name: 'Save program' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lakeside Peer Support' }).waitFor();
    assert.match(page.url(), /\/programs\/\d+$/);
    assert.match(await page.locator('main').textContent(), /Inpatient/);
    assert.match(await page.locator('main').textContent(), /988 Suicide & Crisis Lifeline: 988/);
    // the 400 answer logs a console error for the failed form response: only that
    assert.ok(page.problems.every((p) => /status of 400/.test(p)), page.problems.join('\n'));
    await page.context().close();
  });
});
