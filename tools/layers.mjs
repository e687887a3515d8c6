#!/usr/bin/env node
// layers.mjs — the include check `make check` runs: every #include in src/
// points down the layers, and feature folders include each other without
// a cycle.  A new upward include or cycle fails the build's checks.
//
//   core  <  store  <  auth  <  http, web  <  features/*  <  interop  <  src/*.c
//
// http and web are one layer: the request, its answers and the page
// writers (an error page is a page).  src/handlers.h, the handlers'
// declarations for the route table, may be included from any layer.
// web/html_buf.h, which turns a page back into a plain buffer, is private
// to web/.  Feature folders may use lower feature folders; features/overview and
// features/demo compose the others and no folder includes them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const rank = { core: 0, store: 1, auth: 2, http: 3, web: 3, features: 4, interop: 5, top: 6 };
const composers = new Set(['overview', 'demo']);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.[ch]$/.test(p) ? [p] : [];
  });
}

// 'src/features/notes/contact.c' -> { layer: 'features', folder: 'notes' }
function place(rel) {
  const parts = rel.split('/');
  if (parts.length === 2) return { layer: 'top', folder: 'top' };
  if (parts[1] === 'features') return { layer: 'features', folder: parts[2] };
  return { layer: parts[1], folder: parts[1] };
}

const problems = [];
const edges = new Map(); // feature folder -> Set of feature folders it includes
for (const file of files(join(root, 'src'))) {
  const rel = relative(root, file);
  const from = place(rel);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const m = /^\s*#\s*include\s+"([^"]+)"/.exec(line);
    if (!m) return;
    const target = normalize(join(dirname(rel), m[1]));
    if (!target.startsWith('src/')) {
      problems.push(`${rel}:${i + 1}: includes ${m[1]}, outside src/`);
      return;
    }
    if (target === 'src/handlers.h') return;
    if (target === 'src/web/html_buf.h' && from.layer !== 'web') {
      problems.push(`${rel}:${i + 1}: web/html_buf.h is private to web/: write pages with the html_ writers`);
      return;
    }
    const to = place(target);
    if (!(from.layer in rank) || !(to.layer in rank)) {
      problems.push(`${rel}:${i + 1}: ${target} is in no known layer (tools/layers.mjs)`);
      return;
    }
    if (rank[to.layer] > rank[from.layer]) {
      problems.push(`${rel}:${i + 1}: ${from.layer}/ includes ${target}, a higher layer (${to.layer}/)`);
    } else if (from.layer === 'features' && to.layer === 'features' && from.folder !== to.folder) {
      if (composers.has(to.folder)) {
        problems.push(`${rel}:${i + 1}: includes ${target}: features/${to.folder} composes features, none includes it`);
      }
      if (!edges.has(from.folder)) edges.set(from.folder, new Set());
      edges.get(from.folder).add(to.folder);
    }
  });
}

// Cycles between feature folders (depth-first search, reporting each once).
const state = new Map(); // folder -> 'open' | 'done'
function visit(folder, path) {
  if (state.get(folder) === 'done') return;
  if (state.get(folder) === 'open') {
    const cycle = path.slice(path.indexOf(folder)).concat(folder);
    problems.push(`feature folders include each other: ${cycle.join(' -> ')}`);
    return;
  }
  state.set(folder, 'open');
  for (const next of edges.get(folder) || []) visit(next, path.concat(folder));
  state.set(folder, 'done');
}
for (const folder of [...edges.keys()].sort()) visit(folder, []);

if (process.argv.includes('--graph')) {
  for (const [from, to] of [...edges].sort()) console.log(`${from} -> ${[...to].sort().join(', ')}`);
}
for (const p of problems) console.error(`layers: ${p}`);
console.log(problems.length ? `layers: 0 passed, 1 failed (${problems.length} problems)` : 'layers: 1 passed, 0 failed');
process.exit(problems.length ? 1 : 0);
