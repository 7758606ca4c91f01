// Email templates through the API: the list, one template, saving and deleting, and the
// preview of what the editor holds, filled from a chosen contact and deal.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import type {
  EmailDraftPreview,
  EmailTemplate,
  EmailTemplateCreate,
  EmailTemplatePatch,
  RenderedEmail,
} from '../../../contract/emailTemplates.ts';
import { api } from '../../app/api.ts';

export type { EmailTemplate };

const key = ['email-templates'] as const;

export function useEmailTemplates() {
  return useQuery({
    queryKey: [...key, 'list'],
    queryFn: ({ signal }) => api<{ data: EmailTemplate[] }>('/email-templates', { signal }).then((page) => page.data),
  });
}

export function useEmailTemplate(id: string | undefined) {
  return useQuery({
    enabled: id !== undefined,
    queryKey: [...key, 'one', id],
    queryFn: ({ signal }) => api<EmailTemplate>(`/email-templates/${id}`, { signal }),
  });
}

export type TemplateChange =
  | { kind: 'create'; body: EmailTemplateCreate }
  | { kind: 'patch'; template: EmailTemplate; body: EmailTemplatePatch }
  | { kind: 'delete'; template: EmailTemplate };

/** Every change of a template; the list and the template reload after it. */
export function useChangeTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: TemplateChange): Promise<EmailTemplate | undefined> => {
      switch (change.kind) {
        case 'create':
          return api<EmailTemplate>('/email-templates', { method: 'POST', body: change.body });
        case 'patch':
          return api<EmailTemplate>(`/email-templates/${change.template.id}`, {
            method: 'PATCH',
            body: change.body,
            headers: { 'if-match': `"${change.template.version}"` },
          });
        case 'delete':
          return api(`/email-templates/${change.template.id}`, {
            method: 'DELETE',
            headers: { 'if-match': `"${change.template.version}"` },
          }).then(() => undefined);
      }
    },
    onSuccess: (saved) => {
      if (saved) client.setQueryData([...key, 'one', saved.id], saved);
      void client.invalidateQueries({ queryKey: [...key, 'list'] });
    },
  });
}

/** The draft filled in, asked for a moment after the last keystroke; the last answer stays meanwhile. */
export function usePreview(draft: EmailDraftPreview) {
  const [settled] = useDebouncedValue(draft, 400);
  return useQuery({
    queryKey: [...key, 'preview', settled],
    queryFn: ({ signal }) => api<RenderedEmail>('/email-templates/preview', { method: 'POST', body: settled, signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
