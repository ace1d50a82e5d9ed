// POST /api/revalidate?tag=…&mode=max|now (a CMS webhook): revalidateTag(tag, 'max') or the deprecated
// one-argument revalidateTag(tag), which expires the tag at once. Next applies it after the response.
import { revalidateTag } from 'next/cache';

export async function POST(request) {
  const url = new URL(request.url);
  const tag = url.searchParams.get('tag');
  const mode = url.searchParams.get('mode') || 'max';
  if (!tag) return Response.json({ error: 'tag is required' }, { status: 400 });
  if (mode === 'now') revalidateTag(tag);
  else revalidateTag(tag, mode);
  return Response.json({ revalidated: tag, mode });
}
