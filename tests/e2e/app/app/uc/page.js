// A dynamic page whose data comes from a 'use cache' function: every request reads the plural
// cacheHandlers (the page itself is never cached).
import { connection } from 'next/server';
import { cacheLife, cacheTag } from 'next/cache';

async function cachedData() {
  'use cache';
  cacheTag('uc-tag');
  cacheLife('hours');
  return `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
}

export default async function UseCachePage() {
  await connection();
  const value = await cachedData();
  return (
    <main>
      uc=<span id="uc">{value}</span>
    </main>
  );
}
