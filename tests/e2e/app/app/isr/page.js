// ISR page: rendered once, shared through the cache handler, regenerated on revalidation.
export const revalidate = 3600;

async function posts() {
  const origin = process.env.E2E_ORIGIN;
  if (!origin) return { n: 'no-origin' };
  const res = await fetch(`${origin}/posts`, { cache: 'force-cache', next: { revalidate: 3600, tags: ['posts'] } });
  return res.json();
}

export default async function IsrPage() {
  const data = await posts();
  const rendered = `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  return (
    <main>
      <p>
        rendered=<span id="rendered">{rendered}</span>
      </p>
      <p>
        posts=<span id="posts">{String(data.n)}</span>
      </p>
    </main>
  );
}
