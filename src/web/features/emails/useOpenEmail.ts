// Which message is open: `?email=<id>` in the address, so a timeline entry, a search hit or a
// list row can open it by a link, and the open message survives a reload and can be shared.
import { useSearchParams } from 'react-router';
import { emailParam } from '../record/recordApi.ts';

export function useOpenEmail(): [string | null, (id: string | null) => void] {
  const [search, setSearch] = useSearchParams();
  const open = (id: string | null) =>
    setSearch((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set(emailParam, id);
      else next.delete(emailParam);
      return next;
    });
  return [search.get(emailParam), open];
}
