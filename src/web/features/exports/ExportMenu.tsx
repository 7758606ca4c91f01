// The export button of a list: a menu of formats, each a plain link to
// GET /api/v1/<list>/export with the list's filters, sort, search and columns (the session
// cookie authenticates it, as it does every API request of the web app). A plain link, so
// that the browser streams the file to disk, however big: the server's attachment header makes
// it a download and the page stays. Not a `download` link: a refusal (too many exports at
// once) is then a page the server writes in the user's language with the way back
// (exports.page.ts), where a `download` link ends in a failed download without a word.
import { memo } from 'react';
import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type ExportList = 'contacts' | 'companies' | 'deals' | 'activities' | 'products';

interface ExportMenuProps {
  resource: ExportList;
  /** The list's API query (filters, sort, q); paging parameters are left out. */
  query: Record<string, string>;
  /** The list's chosen columns, in order. */
  columns?: string[];
}

const choices = [
  { key: 'csvSemicolon', params: { format: 'csv', delimiter: 'semicolon' } },
  { key: 'csvComma', params: { format: 'csv', delimiter: 'comma' } },
  { key: 'xlsx', params: { format: 'xlsx' } },
  { key: 'vcf', params: { format: 'vcf' }, only: 'contacts' },
  { key: 'json', params: { format: 'json' } },
] as const;

/** The URL of an export of the list in one format. */
export function exportUrl(
  resource: ExportList,
  query: Record<string, string>,
  columns: string[] | undefined,
  format: Record<string, string>,
  language: string,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (key !== 'limit' && key !== 'cursor') params.set(key, value);
  if (columns?.length) params.set('columns', columns.join(','));
  for (const [key, value] of Object.entries(format)) params.set(key, value);
  params.set('lang', language.startsWith('de') ? 'de' : 'en');
  return `/api/v1/${resource}/export?${params}`;
}

export const ExportMenu = memo(function ExportMenu({ resource, query, columns }: ExportMenuProps) {
  const { t, i18n } = useTranslation();
  return (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <Button variant="default" data-testid="export-button">
          {t('exports.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="export-menu">
        {choices
          .filter((choice) => !('only' in choice) || choice.only === resource)
          .map((choice) => (
            <Menu.Item
              key={choice.key}
              component="a"
              href={exportUrl(resource, query, columns, choice.params, i18n.language)}
              data-testid={`export-${choice.key}`}
            >
              {t(`exports.formats.${choice.key}`)}
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
});
