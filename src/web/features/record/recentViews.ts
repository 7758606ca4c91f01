// Recently viewed records: a record page tells the server once it has shown the record, so
// that the start page can list it. Reads never record anything on the server (a GET may be
// served on an assumed caller), which is why the page sends this note itself.
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import type { RecordRef } from './recordApi.ts';

/** Notes a view of `ref` once `shown` (the record loaded and is not in the trash). */
export function useRecentView(ref: RecordRef, shown: boolean) {
  const { type, id } = ref;
  useEffect(() => {
    if (!shown) return;
    // Best effort: a start page without this one entry is no reason to bother the user.
    api('/recent-views', { method: 'POST', body: { type, id } }).catch(() => {});
  }, [type, id, shown]);
}
