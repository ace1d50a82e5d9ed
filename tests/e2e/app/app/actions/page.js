// A plain form (no JavaScript needed): the tests post it with the action's id, op and target.
import { connection } from 'next/server';
import { revalidateAction } from './actions';

export default async function ActionsPage() {
  await connection();
  return (
    <form action={revalidateAction}>
      <input name="op" defaultValue="tag-max" />
      <input name="target" defaultValue="posts" />
      <button type="submit">revalidate</button>
    </form>
  );
}
