// An ISR page generated at run time only (no path is prerendered): the prerender manifest knows no
// lifetime for it, so an instance that did not render it relies on the cacheControl the handler returns.
export const revalidate = 3600;

export async function generateStaticParams() {
  return [];
}

export default async function RuntimeIsrPage({ params }) {
  const { id } = await params;
  return (
    <main>
      id=<span id="id">{id}</span> rendered=<span id="rendered">{`${Date.now()}-${Math.random().toString(36).slice(2, 10)}`}</span>
    </main>
  );
}
