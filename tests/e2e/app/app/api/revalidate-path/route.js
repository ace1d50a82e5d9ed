// POST /api/revalidate-path?path=… (a CMS webhook). Next applies it after the response.
import { revalidatePath } from 'next/cache';

export async function POST(request) {
  const path = new URL(request.url).searchParams.get('path');
  if (!path) return Response.json({ error: 'path is required' }, { status: 400 });
  revalidatePath(path);
  return Response.json({ revalidated: path });
}
