// The pages people use, in a real browser: no console errors, no axe
// violations, usable at 360 px; signing in (with two-step set-up) and the
// program form end to end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addUser, freshTotp, startServer } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

describe('pages in Chromium', () => {
  let s, browser, admin, peer;
  before(async () => {
    s = await startServer({ args: ['--demo'] });
    admin = addUser(s, { role: 'admin', name: 'Avery Admin' });
    peer = addUser(s, { role: 'peer_specialist', name: 'Pat Peer' });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('sign-in page: no console errors, no axe violations; a wrong password says so', async () => {
    const page = await watchedPage(browser);
    await page.goto(`${s.url}/programs`);
    assert.match(page.url(), /\/signin\?next=%2Fprograms$/);
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('E-mail address').fill(peer.email);
    await page.getByLabel('Password').fill('not my password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.ok(page.problems.every((p) => /status of 401/.test(p)), page.problems.join('\n'));
    await page.context().close();
  });

  test('an admin signs in, sets up two-step sign-in, and the pages pass axe', async () => {
    const page = await watchedPage(browser);
    await page.goto(`${s.url}/signin`);
    await page.getByLabel('E-mail address').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'two-step set-up page');
    const key = await page.locator('code').first().textContent();
    admin.totpSecret = key;
    await page.getByLabel('6-digit code').fill(await freshTotp(admin));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('heading', { name: 'Two-step sign-in is on' }).waitFor();
    assert.equal(await page.locator('#recovery-codes li').count(), 10);
    admin.recoveryCodes = await page.locator('#recovery-codes li code').allTextContents();
    assert.deepEqual(await axeViolations(page), [], 'recovery codes page');
    for (const path of ['/', '/programs', '/programs/new', '/programs/1', '/programs/1/edit', '/users', '/users/new',
      `/users/${peer.id}`, '/audit', '/api-tokens', '/account/password', '/teams', '/persons',
      '/persons/new', '/persons/1/emergency', '/break-glass', '/no/such/page']) {
      const r = await page.goto(s.url + path);
      assert.equal(r.status(), path === '/no/such/page' ? 404 : 200, path);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await axeViolations(page), [], path);
    }
    assert.ok(page.problems.every((p) => /status of 404/.test(p)), page.problems.join('\n'));
    await page.context().close();
  });

  test('on a desktop the signed-in name and Sign out are on the screen; the search box has a visible label', async () => {
    for (const width of [1280, 1920]) {
      const page = await watchedPage(browser, { width, height: 900 });
      await signIn(page, s.url, { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass',
        role: 'peer_specialist' });
      await page.goto(`${s.url}/persons`);
      for (const item of [page.locator('.usa-nav__secondary a'),
        page.getByRole('button', { name: 'Sign out' })]) {
        assert.ok(await item.isVisible(), `${width} px: visible`);
        const box = await item.boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= 900 && box.x >= 0 && box.x + box.width <= width,
          `${width} px: inside the screen (${JSON.stringify(box)})`);
      }
      const label = page.locator('label[for="q"]');
      assert.ok(await label.isVisible(), `${width} px: the search box's label shows`);
      assert.equal((await label.textContent()).trim(), 'Find a person');
      assert.deepEqual(await axeViolations(page), [], `${width} px people list`);
      await page.context().close();
    }
  });

  test('at 360 px a peer finds a person, sees the crisis lines, and records a stage', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass',
      role: 'peer_specialist' });
    await page.goto(`${s.url}/persons`);
    assert.deepEqual(await axeViolations(page), [], 'people list');
    // Below 480 px USWDS hides the button's word: its icon must show.
    const icon = page.getByRole('button', { name: 'Find' }).locator('img');
    assert.ok(await icon.isVisible(), 'the search button shows its icon on a phone');
    assert.ok(await icon.evaluate((i) => i.complete && i.naturalWidth > 0), 'and the icon loads');
    await page.getByLabel('Find a person').fill('maria jose');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: 'Majo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Majo' }).waitFor();
    const crisis = page.locator('#crisis');
    assert.ok(await crisis.isVisible());
    assert.match(await crisis.textContent(), /988/);
    const box = await crisis.boundingBox();
    assert.ok(box.y < 740, 'the crisis lines are on the first screen');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
    assert.deepEqual(await axeViolations(page), [], 'person overview');
    await page.getByText('Stabilization', { exact: true }).click();
    await page.getByRole('button', { name: 'Record stage' }).click();
    await page.locator('.usa-intro', { hasText: 'Stabilization' }).waitFor();
    // correcting, moving and the record's history (issue 20), on a phone
    const overview = page.url();
    for (const name of ['Correct details', 'Move to another team', 'Record history']) {
      await page.goto(overview);
      await page.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, name);
      assert.deepEqual(await axeViolations(page), [], name);
    }
    await page.goto(overview);
    await page.getByRole('link', { name: 'Correct details' }).click();
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await page.getByRole('heading', { level: 1, name: 'Majo' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('at 360 px a release is signed by drawing, or by the typed name from the keyboard; supports and programs pass axe', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass',
      role: 'peer_specialist' });
    await page.goto(`${s.url}/persons?q=majo`);
    await page.getByRole('link', { name: 'Majo' }).click();
    const personUrl = page.url();
    await page.getByRole('link', { name: 'Consents and releases' }).click();
    assert.deepEqual(await axeViolations(page), [], 'consents page');
    const fill = async (recipient) => {
      await page.getByLabel('Who may disclose').fill('Harbor Peer Recovery Center');
      await page.getByLabel('What information').fill('Plan goals');
      await page.getByLabel('Recipient').fill(recipient);
      await page.getByLabel('Purpose').fill('Housing');
      await page.getByLabel('Expires on').fill('2099-01-01');
      await page.getByLabel('Signed by (typed name)').fill('María José Ortega');
      await page.getByLabel('Date signed').fill('2026-11-20');
    };
    await fill('Drawn Housing Office');
    const pad = page.locator('#signature-canvas');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    assert.ok(box.width <= 360 && box.width > 200, `the box fits the phone (${box.width}px)`);
    await page.mouse.move(box.x + 20, box.y + box.height * 0.7);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + box.height * (0.7 - (i % 2) * 0.4));
    await page.mouse.up();
    assert.ok(await page.getByLabel('They draw their signature (finger, pen or mouse)').isChecked(), 'drawing chooses drawn');
    assert.match(await page.locator('#signature_path').inputValue(), /^M[\d. ]+ L/);
    await page.getByRole('button', { name: 'Save' }).click();
    const signature = page.getByRole('img', { name: 'Signature drawn by María José Ortega' });
    await signature.waitFor();
    assert.ok((await signature.boundingBox()).width > 100, 'the drawing is shown');

    // The keyboard alternative: no pointer at all.
    await fill('Typed Clinic');
    await page.getByLabel('Their typed name is their signature (keyboard)').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Save' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('To Typed Clinic', { exact: false }).waitFor();
    assert.match(await page.locator('li', { hasText: 'Typed Clinic' }).textContent(), /\(typed name\)/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);

    for (const path of ['supports', 'enrollments']) {
      await page.goto(`${personUrl}/${path}`);
      assert.deepEqual(await axeViolations(page), [], path);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, path);
    }
    await page.getByText('Main Street Peer Desk (demo)', { exact: true }).click();
    await page.getByLabel('Admission date').fill('2026-11-01');
    await page.getByLabel('Why they are joining').fill('Walked in to the desk');
    await page.getByRole('button', { name: 'Enroll' }).click();
    await page.getByText('Walked in to the desk').waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('at 360 px BARC-10 is filled in by keyboard and charted; a goal is added and the plan signed; the wellness plan prints as one clean document', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass',
      role: 'peer_specialist' });
    await page.goto(`${s.url}/persons?q=jordan`);
    await page.getByRole('link', { name: 'Jo', exact: true }).click();
    const personUrl = page.url();
    await page.getByRole('link', { name: 'Recovery capital (BARC-10)' }).click();
    assert.deepEqual(await axeViolations(page), [], 'BARC-10 page');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
    assert.ok(await page.getByRole('img', { name: /BARC-10 totals over time/ }).isVisible(), 'the chart');
    await page.locator('label[for="filled_by-with_peer"]').click();
    for (let i = 1; i <= 10; i++) {
      await page.locator(`#item${i}-5`).focus();
      await page.keyboard.press('Space');
    }
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '50', exact: true }).waitFor();

    await page.goto(`${personUrl}/plan`);
    await page.locator('summary', { hasText: 'Add a goal' }).click();
    await page.getByLabel('The goal, in their words').fill('Get back to painting');
    await page.locator('label[for="domain-recreation"]').click();
    await page.getByRole('button', { name: 'Add the goal' }).click();
    await page.locator('strong').getByText('Get back to painting', { exact: true }).waitFor(); // the goal, not its wording form
    assert.deepEqual(await axeViolations(page), [], 'recovery plan page');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'plan at 360 px');
    await page.locator('summary', { hasText: /The person signs version \d+/ }).click();
    await page.getByLabel('Signed by (their typed name)').fill('Jordan Rivera');
    await page.getByRole('button', { name: 'Record signature' }).click();
    await page.getByText(/Version \d+ is the agreed plan/).waitFor();

    await page.goto(`${personUrl}/wellness-plan`);
    assert.deepEqual(await axeViolations(page), [], 'wellness plan page');
    await page.getByLabel('Things I do every day').fill('Eat breakfast\nWalk the dog');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Last changed').waitFor();
    await page.goto(`${personUrl}/wellness-plan/print`);
    await page.emulateMedia({ media: 'print' });
    assert.deepEqual(await axeViolations(page), [], 'print view');
    assert.equal(await page.locator('nav, header, footer, form').count(), 0, 'nothing but the plan');
    assert.match(await page.locator('main').textContent(), /Walk the dog/);
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main')).fontSize));
    assert.ok(size >= 20, `large type (${size}px)`);
    const pdf = await page.pdf({ format: 'Letter' });
    assert.ok(pdf.length > 1000, 'it prints');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the USWDS styles and fonts load (the page is styled, not bare)', async () => {
    const page = await watchedPage(browser);
    await signIn(page, s.url, peer);
    await page.goto(`${s.url}/programs`);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /Source Sans Pro/i);
    const heading = await page.locator('h1').evaluate((e) => getComputedStyle(e).fontWeight);
    assert.equal(heading, '700');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('at 360 px: no sideways scrolling, the menu opens, the skip link works, sign-out works', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, peer);
    for (const path of ['/', '/programs', '/programs/1', '/account/password']) {
      await page.goto(s.url + path);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `${path} is ${wide}px wide`);
    }
    await page.goto(`${s.url}/programs`);
    await page.getByRole('button', { name: 'Menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await nav.getByRole('link', { name: 'Programs' }).waitFor({ state: 'visible' });
    assert.equal(await nav.getByRole('link', { name: 'Staff' }).count(), 0, 'no admin pages for a peer');
    await nav.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await page.goto(`${s.url}/programs`);
    assert.match(page.url(), /\/signin\?next=/, 'signed out for real');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.textContent);
    assert.equal(focused, 'Skip to main content');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('before an idle session ends, a dialog offers to stay signed in', async () => {
    const short = await startServer({ args: ['--session-idle', '8'] });
    const u = addUser(short);
    const page = await watchedPage(browser);
    try {
      await signIn(page, short.url, u);
      await page.goto(`${short.url}/programs`);
      const dialog = page.getByRole('dialog', { name: 'You will be signed out soon' });
      await dialog.waitFor({ state: 'visible', timeout: 7000 });
      assert.deepEqual(await axeViolations(page), []);
      const extended = page.waitForResponse((r) => r.url().endsWith('/api/v1/session/extend'));
      await dialog.getByRole('button', { name: 'Stay signed in' }).click();
      assert.equal((await extended).status(), 204);
      await dialog.waitFor({ state: 'hidden' });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
      await short.stop();
    }
  });

  test('typing counts as activity; in the warning any key stays signed in', async () => {
    const short = await startServer({ args: ['--session-idle', '8'] });
    const u = addUser(short);
    const page = await watchedPage(browser);
    try {
      await signIn(page, short.url, u);
      await page.goto(`${short.url}/incidents/new`);
      const box = page.getByLabel('What happened');
      const dialog = page.getByRole('dialog', { name: 'You will be signed out soon' });
      // 12 s of typing, past the 8 s idle time and the warning at 4 s
      for (let i = 0; i < 12; i++) {
        await box.press('a');
        await page.waitForTimeout(1000);
        assert.ok(!(await dialog.isVisible()), `no warning while typing (${i} s)`);
      }
      assert.match(page.url(), /\/incidents\/new$/, 'still on the form');
      assert.equal((await page.request.get(`${short.url}/api/v1/session`)).status(), 200, 'the session lives');
      await dialog.waitFor({ state: 'visible', timeout: 7000 });
      const extended = page.waitForResponse((r) => r.url().endsWith('/api/v1/session/extend'));
      await page.keyboard.press('x');
      assert.equal((await extended).status(), 204);
      await dialog.waitFor({ state: 'hidden' });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
      await short.stop();
    }
  });

  test('what is typed into a long form is kept as a draft and offered back', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass',
      role: 'peer_specialist' });
    await page.goto(`${s.url}/persons?q=majo`);
    await page.getByRole('link', { name: 'Majo' }).click();
    const consents = `${page.url()}/consents`;
    await page.goto(consents);
    await page.getByLabel('Recipient').fill('Draft Housing Office');
    await page.getByLabel('Purpose').fill('Kept while typing');
    await page.getByText(/^Draft kept at \d\d:\d\d\.$/).waitFor({ timeout: 10000 });
    await page.goto(consents); // as after a time-out or a closed tab
    const offer = page.getByText(/You have an unsent draft of this form from \d\d:\d\d/);
    await offer.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the offer passes axe');
    assert.equal(await page.getByLabel('Recipient').inputValue(), '', 'nothing is filled in unasked');
    await page.getByRole('button', { name: 'Restore it' }).click();
    assert.equal(await page.getByLabel('Recipient').inputValue(), 'Draft Housing Office');
    assert.equal(await page.getByLabel('Purpose').inputValue(), 'Kept while typing');
    await page.getByRole('button', { name: 'Discard it' }).count().then((n) => assert.equal(n, 0));
    await page.goto(consents);
    await page.getByText(/You have an unsent draft/).waitFor();
    await page.getByRole('button', { name: 'Discard it' }).click();
    await page.getByText('Draft discarded.').waitFor();
    const asked = page.waitForResponse((r) => r.url().includes('/api/v1/drafts?form='));
    await page.goto(consents);
    assert.equal((await asked).status(), 204, 'a discarded draft is gone');
    assert.equal(await page.getByText(/You have an unsent draft/).count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a program manager adds a program with the form, and fixes a mistake on the way', async () => {
    const page = await watchedPage(browser, { width: 360, height: 740 });
    await signIn(page, s.url, admin);
    await page.goto(`${s.url}/programs/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Lakeside Peer Support');
    await page.getByText('Inpatient', { exact: true }).click();
    await page.getByLabel('Time zone').fill('Lake/Nowhere');
    await page.getByRole('button', { name: 'Save program' }).click();
    await page.getByRole('heading', { name: /There (is a problem|are problems) with this form/ }).waitFor();
    assert.match(await page.locator('#time_zone-error').textContent(), /Time zone must be/);
    assert.equal(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue(), 'Lakeside Peer Support');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('link', { name: 'Time zone' }).click();
    await page.getByLabel('Time zone').fill('America/Chicago');
    await page.getByRole('button', { name: 'Save program' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lakeside Peer Support' }).waitFor();
    assert.match(page.url(), /\/programs\/\d+$/);
    assert.match(await page.locator('main').textContent(), /Inpatient/);
    assert.ok(page.problems.every((p) => /status of 400/.test(p)), page.problems.join('\n'));
    await page.context().close();
  });
});
