// No silent traps on the note form (issue 21, point 5), in Chromium at
// 360 px: the Billing panel follows the times as they are typed (units)
// and says why a note would not be billable; signing asks once in a dialog
// — cancelling signs nothing, confirming signs; a note signed without a
// plan goal says "Not billable" on its page and in the timeline; without
// JavaScript the form asks once too.  axe on every state.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sqlDirect, startServer } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PEER = { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass', role: 'peer_specialist' };
const GOAL = 'Have my own place by spring (demo)';

describe('billable or not, before signing, in Chromium', () => {
  let s, browser;
  before(async () => {
    s = await startServer({ args: ['--demo'] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  /** Jo's note form, from the person's page; returns the person's address. */
  async function noteForm(page) {
    await page.goto(`${s.url}/persons?q=jordan`);
    await page.getByRole('link', { name: 'Jo', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Jo' }).waitFor();
    const person = page.url();
    await page.getByRole('link', { name: 'Record a contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
    return person;
  }
  const panel = (page) => page.locator('#billing-preview');
  /** Waits until the panel says text (it is asked for a quarter second after typing stops). */
  const says = async (page, text) => {
    await page.waitForFunction(([t]) => document.getElementById('billing-preview').textContent === t, [text],
      { timeout: 5000 }).catch(() => {});
    assert.equal(await panel(page).textContent(), text);
  };

  test('typing the times updates the units; each reason appears; signing asks once and Not yet signs nothing', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, PEER);
    await noteForm(page);
    assert.equal(await panel(page).getAttribute('aria-live'), 'polite');
    await says(page, 'Not billable: no start time; no end time; no plan goal addressed');
    assert.deepEqual(await axeViolations(page), [], 'the new form');
    await page.getByLabel('Kind of contact').selectOption('individual');
    await page.getByLabel('Start time').fill('14:00');
    await says(page, 'Not billable: no end time; no plan goal addressed');
    await page.getByLabel('End time').fill('14:45');
    await says(page, 'Not billable: no plan goal addressed');
    await page.locator('label', { hasText: GOAL }).click();
    await says(page, 'Billable: 3 units (H0038)');
    await page.getByLabel('End time').fill('15:30');
    await says(page, 'Billable: 6 units (H0038)');
    await page.getByLabel('End time').fill('14:05');
    await says(page, "Not billable: 5 minutes make no unit under this program's rule");
    await page.getByLabel('End time').fill('14:45');
    await says(page, 'Billable: 3 units (H0038)');
    await page.getByLabel('Kind of contact').selectOption('volunteer');
    await says(page, 'Not billable: Volunteer activity is not a billable service');
    await page.getByLabel('Kind of contact').selectOption('individual');
    await says(page, 'Billable: 3 units (H0038)');
    assert.deepEqual(await axeViolations(page), [], 'the form with the panel filled');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'no sideways scrolling');
    await page.getByLabel('Where').selectOption('community');
    await page.getByLabel('What we did together').fill('Looked at two flats and wrote questions for the landlord.');
    // Sign asks; Not yet closes the question and signs nothing
    const form = page.url();
    await page.getByRole('button', { name: 'Sign the note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign this note?' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Signing is final/);
    assert.match(await dialog.textContent(), /Billable: 3 units \(H0038\)/, 'what it will bill, in the question');
    assert.deepEqual(await axeViolations(page), [], 'the question');
    await dialog.getByRole('button', { name: 'Not yet' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(page.url(), form, 'still the form');
    const signed = sqlDirect(s, "SELECT COUNT(*) FROM contacts WHERE state = 'signed' AND did_together LIKE 'Looked at two flats%'");
    assert.equal(signed.out.trim(), '0', 'nothing was signed');
    // Sign, then Yes: signed
    await page.getByRole('button', { name: 'Sign the note' }).click();
    await dialog.getByRole('button', { name: 'Yes, sign the note' }).click();
    await page.getByText(/^Signed by Pat Peer/).waitFor();
    assert.match(await page.locator('main dl').textContent(), /Billable: 3 units \(H0038\)/);
    assert.equal(await page.locator('#not-billable').count(), 0);
    assert.deepEqual(await axeViolations(page), [], 'the signed note');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a note signed without a plan goal: allowed, and "Not billable" on its page and in the timeline', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, PEER);
    const person = await noteForm(page);
    await page.getByLabel('Start time').fill('09:00');
    await page.getByLabel('End time').fill('09:30');
    await page.getByLabel('What we did together').fill('Talked through the week ahead over coffee.');
    await says(page, 'Not billable: no plan goal addressed');
    await page.getByRole('button', { name: 'Sign the note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign this note?' });
    assert.match(await dialog.textContent(), /Not billable: no plan goal addressed/);
    await dialog.getByRole('button', { name: 'Yes, sign the note' }).click();
    await page.getByText(/^Signed by Pat Peer/).waitFor();
    const alert = page.locator('#not-billable');
    assert.ok(await alert.isVisible(), 'seen without scrolling past the note');
    assert.equal((await alert.textContent()).trim(), 'Not billable: no plan goal addressed');
    assert.deepEqual(await axeViolations(page), [], 'the signed, not billable note');
    await page.goto(`${person}/timeline`);
    assert.match(await page.locator('main ol').textContent(), /Individual peer support \(not billable\)/);
    assert.deepEqual(await axeViolations(page), [], 'the timeline');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('without JavaScript the page says it, and Sign asks once on the page itself', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, s.url, PEER);
    await noteForm(page);
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('End time').fill('10:20');
    await page.locator('label', { hasText: GOAL }).click();
    await page.getByLabel('What we did together').fill('Practised the bus route to the clinic.');
    await page.getByRole('button', { name: 'Sign the note' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sign this note?' }).waitFor();
    assert.match(page.url(), /confirm=1#sign-confirm$/);
    assert.match(await page.locator('#sign-confirm').textContent(), /Billable: 1 unit \(H0038\)/);
    assert.equal(await panel(page).textContent(), 'Billable: 1 unit (H0038)');
    assert.equal(await page.getByLabel('What we did together').inputValue(), 'Practised the bus route to the clinic.');
    // axe needs JavaScript: the same page, as the server wrote it, in a page that has it
    const checker = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(checker, s.url, PEER);
    await checker.goto(page.url());
    await checker.locator('#sign-confirm').waitFor();
    assert.deepEqual(await axeViolations(checker), [], 'the question on the page');
    assert.deepEqual(checker.problems, []);
    await checker.context().close();
    await page.getByRole('button', { name: 'Yes, sign the note' }).click();
    await page.getByText(/^Signed by Pat Peer/).waitFor();
    assert.match(await page.locator('main dl').textContent(), /Billable: 1 unit \(H0038\)/);
    await context.close();
  });
});
