'use strict';
// Which tags an entry carries, per Next.js 16's cache contract (see docs: x-next-cache-tags for pages
// and route handlers, ctx.tags for fetch, a derived path tag for Pages Router entries).

const TAG_HEADER = 'x-next-cache-tags';

function tagsForSet(key, data, ctx) {
  if (!data) return pathTags(key);
  switch (data.kind) {
    case 'FETCH':
      return [...(ctx?.tags || data.tags || [])];
    case 'APP_PAGE':
    case 'APP_ROUTE': {
      const header = data.headers?.[TAG_HEADER];
      const list = Array.isArray(header) ? header.join(',') : header ? String(header) : '';
      const tags = list.split(',').map((t) => t.trim()).filter(Boolean);
      return tags.length ? tags : pathTags(key);
    }
    default:
      // PAGES, REDIRECT, IMAGE: no tags of their own; revalidatePath reaches them through the path tag.
      return pathTags(key);
  }
}

/** `_N_T_<path>` from a 16.3+ route key (`/route-cache/<kind>/<hash>/$<path>`) or a plain pathname key. */
function pathTags(key) {
  const marker = key.indexOf('/$');
  let path = marker >= 0 ? key.slice(marker + 2) : key;
  if (!path.startsWith('/')) return [];
  if (path === '/index') path = '/';
  else if (path.endsWith('/index')) path = path.slice(0, -'/index'.length);
  return [`_N_T_${path}`];
}

module.exports = { tagsForSet, pathTags };
