// Progress notes in a real browser at 360 px: a typical note recorded and
// signed in at most three screens, and a draft saved by autosave that comes
// back after the session ended and the peer signed in again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sqlDirect, startServer } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PEER = { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass', role: 'peer_specialist' };
const MANAGER = { email: 'manager@demo.waypoint.example', password: 'demo-manager-river-candle', role: 'program_manager' };

describe('progress notes in Chromium', () => {
  let s, browser;
  before(async () => {
    s = await startServer({ args: ['--demo'] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  async function personPage(page, q, name) {
    await page.goto(`${s.url}/persons?q=${q}`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    return page.url();
  }

  test('at 360 px a typical note takes three screens: the person, the form, the signed note', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, PEER);
    await personPage(page, 'jordan', 'Jo');
    let screens = 1;
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) screens++; });
    const started = Date.now();
    await page.getByRole('link', { name: 'Record a contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the note form');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'no sideways scrolling');
    await page.getByLabel('Kind of contact').selectOption('individual');
    await page.getByLabel('Start time').fill('14:00');
    await page.getByLabel('End time').fill('14:45');
    await page.getByLabel('Where').selectOption('community');
    await page.locator('label', { hasText: 'Have my own place by spring (demo)' }).click();
    await page.getByLabel('What we did together').fill('Looked at two flats and wrote questions for the landlord.');
    await page.getByLabel('How the person responded').fill('Hopeful; asked good questions.');
    await page.getByLabel('Next steps').fill('Call the second landlord on Monday.');
    await page.getByRole('button', { name: 'Sign the note' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, sign the note' }).click(); // signing is final: asked once
    await page.getByText(/^Signed by Pat Peer/).waitFor();
    assert.ok(screens <= 3, `${screens} screens`);
    assert.ok(Date.now() - started < 60000, 'under a minute');
    const details = await page.locator('main dl').textContent();
    assert.match(details, /Billable: 3 units \(H0038\)/, '45 minutes under the demo program\'s rule');
    assert.match(details, /Have my own place by spring/);
    assert.deepEqual(await axeViolations(page), [], 'the signed note');
    // a correction is an addendum; the original stays
    await page.getByLabel('Why it is corrected').fill('Wrong weekday');
    await page.getByLabel('The correction').fill('The call is on Tuesday.');
    await page.getByRole('button', { name: 'Add the addendum' }).click();
    await page.getByText('The call is on Tuesday.').waitFor();
    assert.match(await page.locator('main dl').textContent(), /Call the second landlord on Monday/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an autosaved draft comes back after the session ends and the peer signs in again', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, PEER);
    const person = await personPage(page, 'maria', 'Majo');
    await page.getByRole('link', { name: 'Record a contact' }).click();
    const text = 'Sat with her at the clinic while she waited; talked about her sister.';
    await page.getByLabel('What we did together').fill(text);
    await page.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor({ timeout: 10000 });
    sqlDirect(s, 'UPDATE sessions SET last_seen_at = last_seen_at - 86400, created_at = created_at - 86400');
    await page.getByLabel('Next steps').fill('typed after the session ended');
    await page.getByRole('status').filter({ hasText: /session has ended/ }).waitFor({ timeout: 10000 });
    await page.reload();
    assert.match(page.url(), /\/signin\?/);
    await page.getByLabel('E-mail address').fill(PEER.email);
    await page.getByLabel('Password').fill(PEER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
    assert.equal(page.url(), `${person}/contacts/new`);
    await page.getByText(/Your unfinished note/).waitFor();
    assert.equal(await page.getByLabel('What we did together').inputValue(), text);
    assert.deepEqual(await axeViolations(page), []);
    assert.ok(page.problems.every((p) => /status of 401/.test(p)), page.problems.join('\n'));
    await page.context().close();
  });

  test("a supervisor co-signs the trainee's note from the queue and reviews the incident; the pages pass axe", async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, { email: 'supervisor@demo.waypoint.example', password: 'demo-supervisor-maple-bridge',
      role: 'supervisor' });
    await page.getByRole('link', { name: 'read them' }).click();
    assert.deepEqual(await axeViolations(page), [], 'notices');
    await page.getByRole('link', { name: 'An incident report was submitted.' }).click();
    await page.getByText('A visitor slipped on a wet floor').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'incident report');
    await page.getByRole('button', { name: 'Start the review' }).click();
    await page.getByText('Under review', { exact: false }).first().waitFor();
    await page.goto(`${s.url}/supervision`);
    assert.deepEqual(await axeViolations(page), [], 'supervision page');
    assert.match(await page.locator('main').textContent(), /Phone call of \d{4}-\d\d-\d\d for Jo by Taylor Trainee \(demo\) — waiting (less than an hour|\d+ (hours?|days))/);
    await page.getByRole('link', { name: 'Review the note' }).click();
    assert.deepEqual(await axeViolations(page), [], 'the note to co-sign');
    await page.getByRole('button', { name: 'Co-sign' }).click();
    await page.getByText('Nothing is waiting.').waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('at 360 px the timeline filters, and a new incident report keeps what was typed when a field is missing', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, PEER);
    const person = await personPage(page, 'jordan', 'Jo');
    await page.goto(`${person}/timeline`);
    assert.deepEqual(await axeViolations(page), [], 'timeline');
    assert.match(await page.locator('main ol').textContent(), /Transportation/);
    for (const kind of ['contact', 'plan', 'stage']) await page.locator(`label[for="kind-${kind}"]`).click();
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText(/BARC-10 total/).first().waitFor();
    assert.doesNotMatch(await page.locator('main ol').textContent(), /Transportation/);
    await page.goto(`${s.url}/incidents/new`);
    assert.deepEqual(await axeViolations(page), [], 'incident form');
    await page.getByLabel('Where').fill('Front steps');
    await page.getByLabel('What happened').fill('Raised voices; nobody hurt.');
    await page.getByRole('button', { name: 'Submit the report' }).click();
    await page.getByRole('alert').first().waitFor();
    assert.equal(await page.getByLabel('What happened').inputValue(), 'Raised voices; nobody hurt.');
    assert.deepEqual(await axeViolations(page), [], 'incident form with an error');
    await page.context().close();
  });

  test('at 360 px the Peer Desk counts a drop-in by someone not enrolled, with or without a name', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, PEER);
    await page.getByRole('button', { name: 'Menu' }).click(); // the narrow screen's menu
    await page.getByRole('link', { name: 'Peer Desk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Peer Desk drop-ins' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'Peer Desk page');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'no sideways scrolling');
    const heading = page.getByRole('heading', { level: 2, name: / drop-ins$/ });
    const before = Number(/: (\d+) drop-ins/.exec(await heading.textContent())[1]);
    const team = page.getByLabel('Team', { exact: true });
    if (await team.count()) await team.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Count this drop-in' }).click();
    await page.getByRole('alert').first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'Peer Desk form with an error');
    if (await team.count()) await team.selectOption({ index: 1 });
    await page.getByLabel('What we did together').fill('Warm drink and a bus map.');
    await page.getByRole('button', { name: 'Count this drop-in' }).click();
    await page.getByText('Drop-in counted.').waitFor();
    const after = Number(/: (\d+) drop-ins/.exec(await heading.textContent())[1]);
    assert.equal(after, before + 1);
    assert.match(await page.locator('main ul.usa-list').textContent(), /\(no name\) · Warm drink and a bus map\./);
    assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), [], 'only the refused form\'s 400');
    await page.context().close();
  });

  test('at 360 px a program manager sets a service code, and a wrong one is named beside its field', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, MANAGER);
    await page.goto(`${s.url}/billing`);
    assert.deepEqual(await axeViolations(page), [], 'billing page');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'no sideways scrolling');
    await page.getByLabel('Phone call').fill('h 0038');
    await page.getByRole('button', { name: 'Save the codes' }).click();
    await page.getByRole('heading', { name: /There (is a problem|are problems) with this form/ }).waitFor();
    assert.match(await page.locator('#code-phone-error').textContent(), /service code like H0038/);
    assert.deepEqual(await axeViolations(page), [], 'billing page with an error');
    await page.getByLabel('Phone call').fill('H0038-GT');
    await page.getByRole('button', { name: 'Save the codes' }).click();
    await page.getByText('Service codes saved.').waitFor();
    assert.equal(await page.getByLabel('Phone call').inputValue(), 'H0038-GT');
    assert.ok(page.problems.every((p) => /status of 400/.test(p)), page.problems.join('\n'));
    await page.context().close();
  });
});
