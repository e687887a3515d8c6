// Durability: every write the server acknowledged is there after kill -9.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BACKEND, signIn, staff, startServer } from './helpers.mjs';

describe(`durability (${BACKEND})`, () => {
  test('kill -9 during a stream of writes loses no acknowledged write', async () => {
    const s = await startServer();
    const a = await staff(s, 'admin');
    const acked = [];
    let stop = false;
    const writer = async (w) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await a.json('POST', '/api/v1/programs', {
            name: `durable ${w}-${i}`, kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part',
          });
          if (r.status === 201) acked.push((await r.json()).id);
        } catch { return; } // connection cut by the kill
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 1500));
    s.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await s.exited;
    assert.ok(acked.length > 10, `only ${acked.length} writes acknowledged`);

    const again = await startServer({ db: s.db, init: false });
    try {
      const b = await signIn(again, a.user);
      for (const id of acked) {
        const r = await b.fetch(`/api/v1/programs/${id}`);
        assert.equal(r.status, 200, `acknowledged program ${id} is missing`);
      }
    } finally { await again.stop(); }
  });
});
