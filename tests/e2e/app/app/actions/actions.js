'use server';

import { revalidatePath, revalidateTag, updateTag } from 'next/cache';

// One Server Action for every kind of revalidation. Unlike a route handler (where Next applies
// revalidations in waitUntil, after the response), an action's page render waits for them, so when
// the form's response arrives the cache server has the change.
export async function revalidateAction(formData) {
  const op = String(formData.get('op'));
  const target = String(formData.get('target'));
  switch (op) {
    case 'tag-max':
      revalidateTag(target, 'max');
      break;
    case 'tag-now':
      revalidateTag(target); // deprecated one-argument form: expires the tag at once
      break;
    case 'path':
      revalidatePath(target);
      break;
    case 'update':
      updateTag(target); // Server Actions only
      break;
    default:
      throw new Error(`unknown op ${op}`);
  }
}
