'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { tagsForSet, pathTags } = require('../lib/tags');

test('page and route entries take their tags from x-next-cache-tags', () => {
  const data = { kind: 'APP_PAGE', headers: { 'x-next-cache-tags': '_N_T_/layout,_N_T_/blog/a,posts' } };
  assert.deepEqual(tagsForSet('/route-cache/APP_PAGE/h/$/blog/a', data, {}), ['_N_T_/layout', '_N_T_/blog/a', 'posts']);
});

test('fetch entries take ctx.tags', () => {
  assert.deepEqual(tagsForSet('abc123', { kind: 'FETCH' }, { tags: ['t1', 't2'] }), ['t1', 't2']);
});

test('pages router, redirects and null values get the path tag', () => {
  assert.deepEqual(tagsForSet('/route-cache/PAGES/h/$/about', { kind: 'PAGES' }, {}), ['_N_T_/about']);
  assert.deepEqual(tagsForSet('/route-cache/PAGES/h/$/index', null, {}), ['_N_T_/']);
  assert.deepEqual(pathTags('/blog/a'), ['_N_T_/blog/a']);
  assert.deepEqual(pathTags('0123abcd'), []);
});
