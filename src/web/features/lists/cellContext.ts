// What list cells and filter chips read ids through: the names of the workspace's users and
// of the deal stages, in the user's language and locale; and the same as filter choices.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../ui/useLocale.ts';
import type { Choice } from './FilterBuilder.tsx';
import { useUserNames } from '../users/usersApi.ts';
import { useStages } from './listApi.ts';
import type { CellContext } from './listTypes.ts';

export function useCellContext(withStages: boolean) {
  const { t } = useTranslation();
  const locale = useLocale();
  const users = useUserNames();
  const stages = useStages(withStages);
  const context = useMemo<CellContext>(() => {
    const names = new Map((users.data?.data ?? []).map((u) => [u.id, u.name]));
    const stageNames = new Map((stages.data ?? []).map((s) => [s.id, s.name]));
    return {
      locale,
      userName: (id) => (id ? (names.get(id) ?? null) : null),
      stageName: (id) => (id ? (stageNames.get(id) ?? null) : null),
      t: (key, options) => t(key, options ?? {}) as string,
    };
  }, [users.data, stages.data, locale, t]);
  const userChoices = useMemo<Choice[]>(
    () => (users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name })),
    [users.data],
  );
  const stageChoices = useMemo<Choice[]>(
    () => (stages.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.pipeline})` })),
    [stages.data],
  );
  return { context, userChoices, stageChoices };
}
