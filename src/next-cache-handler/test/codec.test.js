'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { encode, decode } = require('../lib/codec');

test('APP_PAGE values keep their Buffers and Map bytes exactly', () => {
  const rsc = Buffer.from([0, 1, 2, 255, 13, 10]);
  const value = {
    kind: 'APP_PAGE',
    html: '<html>é</html>',
    rscData: rsc,
    headers: { 'x-next-cache-tags': 'a,b', 'x-nextjs-stale-time': '300' },
    status: undefined,
    segmentData: new Map([['/_tree', Buffer.from('tree')], ['/__PAGE__', Buffer.alloc(70_000, 7)]]),
  };
  const back = decode(encode(value));
  assert.equal(back.html, value.html);
  assert.deepEqual([...back.rscData], [...rsc]);
  assert.ok(back.segmentData instanceof Map);
  assert.deepEqual([...back.segmentData.keys()], ['/_tree', '/__PAGE__']);
  assert.equal(back.segmentData.get('/__PAGE__').length, 70_000);
  assert.equal('status' in back, false);
});

test('the envelope costs no base64: size is the bytes plus a small header', () => {
  const body = Buffer.alloc(1_000_000, 1);
  const encoded = encode({ kind: 'APP_ROUTE', body, status: 200, headers: {} });
  assert.ok(encoded.length < body.length + 200, `${encoded.length} bytes`);
});

test('objects that use the marker keys themselves survive', () => {
  const value = { $b: 1, $m: 'x', nested: [{ $o: true }] };
  assert.deepEqual(decode(encode(value)), value);
});

test('null and primitives round-trip; foreign bytes are rejected', () => {
  assert.equal(decode(encode(null)), null);
  assert.equal(decode(encode('text')), 'text');
  assert.throws(() => decode(Buffer.from('not ours')));
});
