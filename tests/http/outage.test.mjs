// A lost PostgreSQL connection: 503 with a clear message, nothing
// half-written, and service resumes by itself when the database is back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { BACKEND, countPrograms, staff, startServer } from './helpers.mjs';

const pg = (action) => {
  const r = spawnSync('tests/http/pg.sh', [action], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
};

describe(`database outage (${BACKEND})`, { skip: BACKEND !== 'postgres' && 'PostgreSQL only' }, () => {
  test('a stopped database gives 503 everywhere, then recovers', async () => {
    const s = await startServer();
    const a = await staff(s, 'admin');
    try {
      const body = { name: 'Before', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' };
      assert.equal((await a.json('POST', '/api/v1/programs', body)).status, 201);
      pg('stop');
      try {
        // spawnSync held the event loop while the cluster stopped: a kept-alive
        // socket the server closed meanwhile may be reused once, as any client's
        const h = await fetch(`${s.url}/healthz`).catch(() => fetch(`${s.url}/healthz`));
        assert.equal(h.status, 503);
        const said = await h.json();
        assert.equal(said.status, 'unavailable');
        assert.equal(said.database, 'unavailable');
        assert.ok(said.problems.includes('the database does not answer'), JSON.stringify(said));
        const list = await a.fetch('/api/v1/programs');
        assert.equal(list.status, 503);
        const e = (await list.json()).error;
        assert.equal(e.code, 'database_unavailable');
        assert.match(e.message, /Nothing was changed/);
        const w = await a.json('POST', '/api/v1/programs', { ...body, name: 'During' });
        assert.equal(w.status, 503);
        const page = await a.fetch('/programs');
        assert.equal(page.status, 503);
        assert.match(await page.text(), /Temporarily unavailable/);
        assert.equal((await fetch(`${s.url}/assets/waypoint.css`)).status, 200, 'static files still work');
      } finally { pg('start'); }
      let ok = false;
      for (let i = 0; i < 50 && !ok; i++) {
        ok = (await fetch(`${s.url}/healthz`)).status === 200;
        if (!ok) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(ok, 'healthz recovers');
      assert.equal((await a.json('POST', '/api/v1/programs', { ...body, name: 'After' })).status, 201);
      assert.equal(await countPrograms(a), 2, 'the write during the outage left nothing');
    } finally { await s.stop(); }
  });
});
