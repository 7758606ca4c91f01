// The state of a create or edit form: values, field errors from the contract schema (shown
// once a field was left or the form submitted) and from the server, and saving: POST for a
// new record, PATCH of only the changed fields with If-Match for an existing one; and whether
// it holds changes that leaving would lose (LeaveGuard).
import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, ApiError } from '../../app/api.ts';
import { changedFields, clientErrors, serverErrors, type FieldErrors } from './fieldErrors.ts';

const resources = ['contacts', 'companies', 'deals', 'tasks', 'activities', 'products', 'appointments'] as const;
export type Resource = (typeof resources)[number];

export interface SavedRecord {
  id: string;
  version: number;
}

type Body = Record<string, unknown>;

interface Options<V, R extends SavedRecord> {
  resource: Resource;
  /** The record being edited; null for a new one. */
  record: R | null;
  initial: V;
  /** The API body the values stand for (every field the form edits). */
  toBody(values: V): Body;
  /** The contract schema: create for a new record, patch for an edit. */
  schema: z.ZodType;
  onSaved(saved: R, created: boolean): void | Promise<void>;
}

/** A new record leaves out what the user left empty, so the server's defaults apply (e.g. a deal's owner). */
function withoutEmpty(body: Body): Body {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([, value]) =>
        value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

export function useRecordForm<V, R extends SavedRecord>(options: Options<V, R>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { record, resource } = options;
  const [values, setValues] = useState<V>(options.initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [fromServer, setFromServer] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  // What counts as unchanged: the record as loaded, then as last saved or given up. Refs, not
  // state: a save navigates in the same tick, before a state update would be seen.
  const valuesNow = useRef(values);
  valuesNow.current = values;
  const toBody = useRef(options.toBody);
  toBody.current = options.toBody;
  const baseline = useRef<string | null>(null);
  baseline.current ??= JSON.stringify(options.toBody(options.initial));
  const isDirty = useCallback(() => JSON.stringify(toBody.current(valuesNow.current)) !== baseline.current, []);
  /** Leave the changes behind without asking (Cancel). */
  const discard = useCallback(() => {
    baseline.current = JSON.stringify(toBody.current(valuesNow.current));
  }, []);

  const body = record ? options.toBody(values) : withoutEmpty(options.toBody(values));
  const bodyKey = JSON.stringify(body);
  // Validated again only when the body's content changes (its JSON is its identity).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the body's JSON is its identity: a new object with the same content is not a change
  const fromClient = useMemo(() => clientErrors(options.schema.safeParse(body), t), [bodyKey, options.schema, t]);

  const save = useMutation({
    // Nothing changed: no request, but the same way out (a contact may still join a company).
    mutationFn: (payload: Body) =>
      record && Object.keys(payload).length === 0
        ? Promise.resolve(record)
        : record
          ? api<R>(`/${resource}/${record.id}`, {
              method: 'PATCH',
              body: payload,
              headers: { 'if-match': `"${record.version}"` },
            })
          : api<R>(`/${resource}`, { method: 'POST', body: payload }),
    onSuccess: async (saved) => {
      discard();
      // Lists and record pages load afresh when shown next (a task shows on its contact's page,
      // a deal on its company's); not now, while this form is open (that would restart it).
      for (const kind of resources) void queryClient.invalidateQueries({ queryKey: [kind], refetchType: 'none' });
      await options.onSaved(saved, !record);
    },
    onError: (error) => setFromServer(serverErrors(error, t)),
  });

  const remove = useMutation({
    mutationFn: () =>
      api<void>(`/${resource}/${record!.id}`, { method: 'DELETE', headers: { 'if-match': `"${record!.version}"` } }),
    onSuccess: () => {
      // The record is gone: asking for it again would be a 404.
      queryClient.removeQueries({ queryKey: [resource, 'detail', record!.id] });
      for (const kind of resources) void queryClient.invalidateQueries({ queryKey: [kind], refetchType: 'none' });
    },
  });

  function set<K extends keyof V>(key: K, value: V[K]) {
    setValues((current) => ({ ...current, [key]: value }));
    // A server message is about the value the server saw; a new value may be fine.
    setFromServer((current) => {
      const prefix = String(key);
      const kept = Object.entries(current).filter(([path]) => path !== prefix && !path.startsWith(`${prefix}.`));
      return kept.length === Object.keys(current).length ? current : Object.fromEntries(kept);
    });
  }

  function touch(path: string) {
    setTouched((current) => (current.has(path) ? current : new Set(current).add(path)));
  }

  /** The message to show at a field: the server's, or the schema's once the user is done with it. */
  function error(path: string): string | undefined {
    return fromServer[path] ?? (submitted || touched.has(path) ? fromClient[path] : undefined);
  }

  /** Props for an input: its error, and validation when it loses focus. */
  function field(path: string) {
    return { error: error(path), onBlur: () => touch(path) };
  }

  function focusFirstError() {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    setSubmitted(true);
    if (Object.keys(fromClient).length > 0) return focusFirstError();
    const payload = record ? changedFields(options.toBody(options.initial), body) : body;
    save.mutate(payload, { onError: focusFirstError });
  }

  const conflict =
    (save.error instanceof ApiError && save.error.status === 412) ||
    (remove.error instanceof ApiError && remove.error.status === 412);

  return {
    values,
    set,
    setValues,
    touch,
    error,
    field,
    submit,
    save,
    remove,
    conflict,
    formRef,
    serverErrors: fromServer,
    isDirty,
    discard,
  };
}

export type RecordForm<V> = ReturnType<typeof useRecordForm<V, SavedRecord>>;
