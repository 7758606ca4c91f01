// Price lists on the web: the lists, one list with its entries, the manager's changes, and
// prices typed the local way ("12,5" or "1.234,5678") as the API's decimal strings.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PriceList, PriceListCreate, PriceListPatch } from '../../../contract/priceLists.ts';
import { api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';

const listsKey = ['price-lists'] as const;

/** Every list of the workspace (there are few), by name. */
export function usePriceLists() {
  return useQuery({
    queryKey: [...listsKey, 'all'],
    queryFn: ({ signal }) =>
      api<{ data: PriceList[] }>('/price-lists', { query: { limit: 500 }, signal }).then((page) => page.data),
    staleTime: 60_000,
  });
}

/** The lists in the trash; loaded only when shown. */
export function useTrashedPriceLists(enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: [...listsKey, 'trashed'],
    queryFn: ({ signal }) =>
      api<{ data: PriceList[] }>('/price-lists', { query: { limit: 500, trashed: 'true' }, signal }).then(
        (page) => page.data,
      ),
  });
}

export function usePriceList(id: string) {
  return useQuery({
    queryKey: [...listsKey, 'one', id],
    queryFn: ({ signal }) => api<PriceList>(`/price-lists/${id}`, { signal }),
  });
}

/** Whether the signed-in user may change price lists (managers and admins). */
export function useMayEditPriceLists() {
  const { me } = useAuth();
  return me?.user.role === 'manager' || me?.user.role === 'admin';
}

export type PriceListChange =
  | { kind: 'create'; body: PriceListCreate }
  | { kind: 'patch'; list: PriceList; body: PriceListPatch }
  | { kind: 'trash'; list: PriceList }
  | { kind: 'restore'; list: PriceList }
  | { kind: 'setEntry'; list: PriceList; productId: string; price: string }
  | { kind: 'removeEntry'; list: PriceList; productId: string };

/** Every change of a list; the lists reload after it. */
export function useChangePriceList() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: PriceListChange): Promise<PriceList | undefined> => {
      switch (change.kind) {
        case 'create':
          return api<PriceList>('/price-lists', { method: 'POST', body: change.body });
        case 'patch':
          return api<PriceList>(`/price-lists/${change.list.id}`, {
            method: 'PATCH',
            body: change.body,
            headers: { 'if-match': `"${change.list.version}"` },
          });
        case 'trash':
          return api(`/price-lists/${change.list.id}`, {
            method: 'DELETE',
            headers: { 'if-match': `"${change.list.version}"` },
          }).then(() => undefined);
        case 'restore':
          return api<PriceList>(`/price-lists/${change.list.id}/restore`, { method: 'POST' });
        case 'setEntry':
          return api<PriceList>(`/price-lists/${change.list.id}/entries/${change.productId}`, {
            method: 'PUT',
            body: { price: change.price },
          });
        case 'removeEntry':
          return api(`/price-lists/${change.list.id}/entries/${change.productId}`, { method: 'DELETE' }).then(
            () => undefined,
          );
      }
    },
    // A list just trashed is not read again: its page is being left, and the read would be a 404.
    onSettled: (_result, _error, change) =>
      client.invalidateQueries({
        queryKey: listsKey,
        predicate: (query) => change.kind !== 'trash' || query.queryKey[2] !== change.list.id,
      }),
  });
}

/**
 * A price or percentage as typed, as the API's decimal string: "1.234,5678" and "1,234.5678"
 * both become "1234.5678"; the last comma or point is the decimal mark when digits follow it
 * and the other mark is used too, a lone comma always is. Anything else stays as typed, for
 * the server to refuse.
 */
export function decimalOf(input: string): string {
  const compact = input.replace(/[\s'’]/g, '');
  if (compact.includes(',') && compact.includes('.')) {
    const mark = Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'));
    return `${compact.slice(0, mark).replace(/[.,]/g, '')}.${compact.slice(mark + 1)}`;
  }
  return compact.replace(',', '.');
}

/** A decimal string from the API ("10.5") as this locale writes it ("10,5"), not rounded. */
export function decimalText(value: string, locale: string): string {
  return locale.startsWith('de') ? value.replace('.', ',') : value;
}
