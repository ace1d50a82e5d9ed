// updateTag is for Server Actions only; this route shows that Next refuses it in a route handler.
import { updateTag } from 'next/cache';

export async function POST(request) {
  const tag = new URL(request.url).searchParams.get('tag');
  try {
    updateTag(tag);
    return Response.json({ updated: tag });
  } catch (error) {
    return Response.json({ error: error.message }, { status: 400 });
  }
}
