// Board or list: the switch between the two views of the deals area.
import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export function DealsViewSwitch({ current }: { current: 'board' | 'list' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <SegmentedControl
      value={current}
      onChange={(value) => navigate(value === 'list' ? '/deals/list' : '/deals')}
      aria-label={t('lists.deals.view')}
      data-testid="deals-view-switch"
      data={[
        { value: 'board', label: t('lists.deals.board') },
        { value: 'list', label: t('lists.deals.list') },
      ]}
    />
  );
}
