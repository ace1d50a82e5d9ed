'use strict';
// Seeding from a .next/server layout as next build 16.4 writes it (meta files carry the cache key).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { seed, routeOf } = require('../lib/seed');
const { decode } = require('../lib/codec');

function buildOutput() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-seed-'));
  const app = path.join(root, 'server', 'app');
  fs.mkdirSync(path.join(app, 'isr.segments', 'isr'), { recursive: true });
  fs.mkdirSync(path.join(app, 'api'), { recursive: true });
  fs.writeFileSync(path.join(root, 'prerender-manifest.json'), JSON.stringify({
    routes: {
      '/isr': { initialRevalidateSeconds: 3600, initialExpireSeconds: 31536000, srcRoute: '/isr' },
      '/api/cached': { initialRevalidateSeconds: 60, initialExpireSeconds: 600, srcRoute: '/api/cached' },
    },
  }));
  fs.writeFileSync(path.join(app, 'isr.html'), '<html>isr</html>');
  fs.writeFileSync(path.join(app, 'isr.rsc'), Buffer.from([1, 2, 3]));
  fs.writeFileSync(path.join(app, 'isr.segments', '_tree.segment.rsc'), 'tree');
  fs.writeFileSync(path.join(app, 'isr.segments', 'isr', '__PAGE__.segment.rsc'), 'page');
  fs.writeFileSync(path.join(app, 'isr.meta'), JSON.stringify({
    headers: { 'x-next-cache-tags': '_N_T_/layout,_N_T_/isr' },
    segmentPaths: ['/_tree', '/isr/__PAGE__'],
    routeCache: { key: '/route-cache/APP_PAGE/abc/$/isr', owner: { kind: 'APP_PAGE', sourceRoute: '/isr/page' } },
  }));
  fs.writeFileSync(path.join(app, 'api', 'cached.body'), '{"at":1}');
  fs.writeFileSync(path.join(app, 'api', 'cached.meta'), JSON.stringify({
    status: 200,
    headers: { 'content-type': 'application/json', 'x-next-cache-tags': '_N_T_/api/cached' },
    routeCache: { key: '/route-cache/APP_ROUTE/def/$/api/cached', owner: { kind: 'APP_ROUTE', sourceRoute: '/api/cached/route' } },
  }));
  // A static page with no routeCache key (older Next) is skipped.
  fs.writeFileSync(path.join(app, 'old.meta'), JSON.stringify({ headers: {} }));
  return root;
}

test('prerendered pages and route handlers are written with their key, tags, cacheControl and NX', async () => {
  const root = buildOutput();
  const writes = [];
  const store = { async set(key, value, options) { writes.push({ key, value: decode(value), ...options }); return true; } };
  const written = await seed(path.join(root, 'server'), store, { defaultTtlSeconds: 100 });
  assert.equal(written, 2);
  const page = writes.find((w) => w.key === '/route-cache/APP_PAGE/abc/$/isr');
  assert.equal(page.value.html, '<html>isr</html>');
  assert.deepEqual([...page.value.rscData], [1, 2, 3]);
  assert.equal(page.value.segmentData.get('/isr/__PAGE__').toString(), 'page');
  assert.deepEqual(page.tags, ['_N_T_/layout', '_N_T_/isr']);
  assert.deepEqual(JSON.parse(page.meta).cacheControl, { revalidate: 3600, expire: 31536000 });
  assert.equal(page.ttlSeconds, 31536000);
  assert.equal(page.nx, true);
  const route = writes.find((w) => w.key === '/route-cache/APP_ROUTE/def/$/api/cached');
  assert.equal(route.value.body.toString(), '{"at":1}');
  assert.equal(route.ttlSeconds, 600);
  fs.rmSync(root, { recursive: true, force: true });
});

test('route paths come from the file layout', () => {
  assert.equal(routeOf('/x/app', '/x/app/index'), '/');
  assert.equal(routeOf('/x/app', '/x/app/blog/a'), '/blog/a');
});
