// A dynamic page (never cached itself) with the same tagged fetch as /isr: every request reads the
// shared fetch cache, checked against the fetch's tags and this page's implicit tags (_N_T_/fetch…).
import { connection } from 'next/server';

export default async function FetchPage() {
  await connection();
  const res = await fetch(`${process.env.E2E_ORIGIN}/posts`, { cache: 'force-cache', next: { revalidate: 3600, tags: ['posts'] } });
  const data = await res.json();
  return (
    <main>
      posts=<span id="posts">{String(data.n)}</span>
    </main>
  );
}
