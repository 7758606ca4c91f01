// Saved views: the picker (my views, shared views), "Save view" for a changed view of one's
// own, "Save as…" with a private/shared choice, rename and delete. Refusals of the server
// (403 not allowed, 409 conflict, 412 changed meanwhile, 422 invalid) are shown in words.
import { memo, useState } from 'react';
import { Alert, Badge, Button, Group, Menu, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { fieldErrorText, problemText } from '../../ui/problems.ts';
import type { ListResource, SavedView, ViewConfig } from './listTypes.ts';
import { useViewMutations, useViews } from './listApi.ts';

interface ViewPickerProps {
  resource: ListResource;
  userId: string;
  active: SavedView | null;
  modified: boolean;
  config: ViewConfig;
  onApply(view: SavedView | null): void;
  onOpen(): void;
}

type Dialog = { kind: 'saveAs' } | { kind: 'rename'; view: SavedView } | { kind: 'delete'; view: SavedView } | null;

export function useProblemText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('state.unknown');
    if (error.isNetwork) return t('state.network');
    const known = [403, 404, 409, 412, 422].includes(error.status) ? t(`lists.views.errors.${error.status}`) : null;
    const detail =
      error.problem?.errors?.map((e) => fieldErrorText(e.path, e.code, t)).join('; ') || problemText(error, t);
    return [known, detail].filter(Boolean).join(' — ');
  };
}

export const ViewPicker = memo(function ViewPicker({
  resource,
  userId,
  active,
  modified,
  config,
  onApply,
  onOpen,
}: ViewPickerProps) {
  const { t } = useTranslation();
  const views = useViews(resource, false);
  const { create, update, remove } = useViewMutations(resource);
  const problem = useProblemText();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [name, setName] = useState('');
  const [shared, setShared] = useState('private');
  const [error, setError] = useState<string | null>(null);

  const mine = (views.data ?? []).filter((view) => view.ownerId === userId);
  const others = (views.data ?? []).filter((view) => view.ownerId !== userId && view.shared);
  const own = active && active.ownerId === userId;

  const open = (next: Dialog) => {
    onOpen();
    setError(null);
    setName(next?.kind === 'rename' ? next.view.name : '');
    setShared(next?.kind === 'rename' && next.view.shared ? 'shared' : 'private');
    setDialog(next);
  };
  const fail = (caught: unknown) => setError(problem(caught));

  const save = () => {
    if (!active) return;
    update.mutate(
      { view: active, config },
      {
        onSuccess: (view) => {
          onApply(view);
          notifications.show({ color: 'green', message: t('lists.views.saved', { name: view.name }) });
        },
        onError: (caught) =>
          notifications.show({ color: 'red', title: t('lists.views.saveFailed'), message: problem(caught) }),
      },
    );
  };
  const submit = () => {
    if (!dialog) return;
    if (dialog.kind === 'delete') {
      remove.mutate(dialog.view, {
        onSuccess: () => {
          if (active?.id === dialog.view.id) onApply(null);
          setDialog(null);
        },
        onError: fail,
      });
      return;
    }
    if (!name.trim()) return setError(t('lists.views.nameRequired'));
    if (dialog.kind === 'saveAs') {
      create.mutate(
        { name: name.trim(), shared: shared === 'shared', config },
        {
          onSuccess: (view) => {
            onApply(view);
            setDialog(null);
            notifications.show({ color: 'green', message: t('lists.views.saved', { name: view.name }) });
          },
          onError: fail,
        },
      );
    } else {
      update.mutate(
        { view: dialog.view, name: name.trim(), shared: shared === 'shared' },
        {
          onSuccess: (view) => {
            if (active?.id === view.id) onApply(view);
            setDialog(null);
          },
          onError: fail,
        },
      );
    }
  };
  const busy = create.isPending || update.isPending || remove.isPending;

  const item = (view: SavedView) => (
    <Menu.Item
      key={view.id}
      onClick={() => onApply(view)}
      data-testid="view-item"
      rightSection={
        view.shared && view.ownerId === userId ? (
          <Badge size="xs" variant="light">
            {t('lists.views.sharedBadge')}
          </Badge>
        ) : null
      }
      fw={active?.id === view.id ? 700 : undefined}
    >
      {view.name}
    </Menu.Item>
  );

  return (
    <Group gap="xs" wrap="wrap">
      <Menu position="bottom-start" shadow="md" width={260} withinPortal onOpen={onOpen}>
        <Menu.Target>
          <Button variant="default" data-testid="view-picker">
            {active ? active.name : t('lists.views.all')}
            {modified && active ? ' *' : ''}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => onApply(null)}>{t('lists.views.all')}</Menu.Item>
          <Menu.Label>{t('lists.views.mine')}</Menu.Label>
          {mine.length ? (
            mine.map(item)
          ) : (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              {t('lists.views.none')}
            </Text>
          )}
          <Menu.Label>{t('lists.views.shared')}</Menu.Label>
          {others.length ? (
            others.map(item)
          ) : (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              {t('lists.views.none')}
            </Text>
          )}
          {views.isError && (
            <Text size="xs" c="red" px="sm" py={4}>
              {problem(views.error)}
            </Text>
          )}
          {own && (
            <>
              <Menu.Divider />
              <Menu.Item onClick={() => open({ kind: 'rename', view: active })}>{t('lists.views.rename')}</Menu.Item>
              <Menu.Item color="red" onClick={() => open({ kind: 'delete', view: active })}>
                {t('lists.views.delete')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {own && modified && (
        <Button variant="light" onClick={save} loading={update.isPending} data-testid="view-save">
          {t('lists.views.save')}
        </Button>
      )}
      <Button variant="subtle" onClick={() => open({ kind: 'saveAs' })} data-testid="view-save-as">
        {t('lists.views.saveAs')}
      </Button>

      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={
          dialog?.kind === 'delete'
            ? t('lists.views.deleteTitle')
            : dialog?.kind === 'rename'
              ? t('lists.views.rename')
              : t('lists.views.saveAs')
        }
      >
        <Stack>
          {dialog?.kind === 'delete' ? (
            <Text>{t('lists.views.deleteConfirm', { name: dialog.view.name })}</Text>
          ) : (
            <>
              <TextInput
                label={t('lists.views.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-autofocus
                onKeyDown={(e) => {
                  if (e.key === 'Enter') submit();
                }}
                data-testid="view-name"
              />
              <SegmentedControl
                value={shared}
                onChange={setShared}
                data-testid="view-visibility"
                data={[
                  { value: 'private', label: t('lists.views.private') },
                  { value: 'shared', label: t('lists.views.sharedOption') },
                ]}
              />
            </>
          )}
          {error && (
            <Alert color="red" role="alert" data-testid="view-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>
              {t('lists.cancel')}
            </Button>
            <Button
              color={dialog?.kind === 'delete' ? 'red' : undefined}
              onClick={submit}
              loading={busy}
              data-testid="view-submit"
            >
              {dialog?.kind === 'delete' ? t('lists.views.delete') : t('lists.views.saveButton')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
});
