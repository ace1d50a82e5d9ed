// A cached (ISR) route handler.
export const dynamic = 'force-static';
export const revalidate = 3600;

export async function GET() {
  return Response.json({ at: `${Date.now()}-${Math.random().toString(36).slice(2, 10)}` });
}
