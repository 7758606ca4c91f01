// Data access of orders: the list, one order, its status, a new order, and a customer's
// purchase history (which the figure strip and the purchases panel share through one cache).
import type { Order, OrderCreate, OrderStatus, PurchaseHistory } from '../../../contract/orders.ts';
import { api, type Page } from '../../app/api.ts';
import { collectionOf, type RecordRef } from '../record/recordApi.ts';

export const orderKeys = {
  all: ['orders'] as const,
  list: (filters: OrderFilters) => ['orders', 'list', filters] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
  purchases: (ref: RecordRef) => [collectionOf[ref.type], 'detail', ref.id, 'purchases'] as const,
};

export interface OrderFilters {
  status: OrderStatus | null;
  kind: 'order' | 'return' | null;
  from: string | null;
  to: string | null;
  sort: string;
}

export function fetchOrders(
  filters: OrderFilters,
  cursor: string | null,
  signal?: AbortSignal,
  customer: { companyId?: string | null; contactId?: string | null } = {},
) {
  return api<Page<Order>>('/orders', {
    query: {
      status: filters.status,
      kind: filters.kind,
      'orderDate.gte': filters.from,
      'orderDate.lte': filters.to,
      sort: filters.sort,
      companyId: customer.companyId,
      contactId: customer.contactId,
      limit: 50,
      cursor,
    },
    signal,
  });
}

export const fetchOrder = (id: string, signal?: AbortSignal) => api<Order>(`/orders/${id}`, { signal });

export const changeStatus = (order: Order, status: OrderStatus) =>
  api<Order>(`/orders/${order.id}`, {
    method: 'PATCH',
    body: { status },
    headers: { 'if-match': `"${order.version}"` },
  });

export const createOrder = (body: OrderCreate) => api<Order>('/orders', { method: 'POST', body });

export function fetchPurchases(ref: RecordRef, signal?: AbortSignal) {
  return api<PurchaseHistory>(`/${collectionOf[ref.type]}/${ref.id}/purchases`, { query: { limit: 10 }, signal });
}

/** Purchase history applies to contacts and companies only. */
export const hasPurchases = (ref: RecordRef) => ref.type === 'contact' || ref.type === 'company';
