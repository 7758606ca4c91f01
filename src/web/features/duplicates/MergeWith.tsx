// "Merge with …" on a customer page: pick the other record, then the merge dialog; afterwards
// the survivor's page, with a notice that can undo the merge.
import { useState } from 'react';
import { Anchor, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { RecordSelect } from '../forms/pickers.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { useErrorMessage } from '../../ui/states.tsx';
import { type DuplicateType, useUndoMerge } from './duplicatesApi.ts';
import { MergeDialog } from './MergeDialog.tsx';

export function MergeWith({ type, id }: { type: DuplicateType; id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const canMerge = useHasRole('agent');
  const undo = useUndoMerge(type);
  const [picking, setPicking] = useState(false);
  const [other, setOther] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  if (!canMerge) return null;
  return (
    <>
      <Anchor component="button" type="button" size="sm" onClick={() => setPicking(true)} data-testid="merge-with">
        {t('duplicates.mergeWith')}
      </Anchor>
      {picking && (
        <Modal opened onClose={() => setPicking(false)} title={t('duplicates.mergeWithPick')}>
          <Stack>
            <RecordSelect
              type={type === 'contacts' ? 'contact' : 'company'}
              label={t('duplicates.mergeWithPick')}
              value={other}
              onChange={setOther}
            />
            <Group justify="flex-end">
              <Button
                disabled={!other || other === id}
                onClick={() => {
                  setPicking(false);
                  setMerging(true);
                }}
              >
                {t('duplicates.merge')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
      {merging && other && (
        <MergeDialog
          type={type}
          ids={[id, other]}
          onClose={() => setMerging(false)}
          onMerged={(result) => {
            setMerging(false);
            setOther(null);
            navigate(`/${type}/${result.survivorId}`);
            const notice = `merge-${result.mergeId}`;
            notifications.show({
              id: notice,
              color: 'green',
              autoClose: 15_000,
              message: (
                <Group justify="space-between" gap="xs">
                  {t('duplicates.done', { name: result.name })}
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() =>
                      undo.mutate(result.mergeId, {
                        onSuccess: () => {
                          notifications.hide(notice);
                          notifications.show({ color: 'green', message: t('duplicates.undone') });
                        },
                        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                      })
                    }
                  >
                    {t('duplicates.undo')}
                  </Button>
                </Group>
              ),
            });
          }}
        />
      )}
    </>
  );
}
