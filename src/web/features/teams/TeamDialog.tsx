// A new team or a change to one: name, description, its members (the active users, searched
// by name; a deactivated member stays until removed) and whether it is a partner
// organisation. Saving sends the whole membership, which replaces the old one.
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Modal, MultiSelect, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../ui/states.tsx';
import type { User } from '../users/usersApi.ts';
import { type Team, useCreateTeam, useUpdateTeam } from './teamsApi.ts';

export function TeamDialog({
  opened,
  team,
  users,
  onClose,
}: {
  opened: boolean;
  /** The team to change; null for a new one. */
  team: Team | null;
  users: User[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [partner, setPartner] = useState(false);

  // Each opening starts from the team as it was listed then (its version guards the save).
  useEffect(() => {
    if (!opened) return;
    setName(team?.name ?? '');
    setDescription(team?.description ?? '');
    setMemberIds(team?.memberIds ?? []);
    setPartner(team?.partner ?? false);
  }, [opened, team]);

  const options = users
    .filter((user) => user.active || memberIds.includes(user.id))
    .map((user) => ({
      value: user.id,
      label: user.active ? user.name : t('teams.inactiveMember', { name: user.name }),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const roleOf = new Map(users.map((user) => [user.id, user.role]));
  const saving = create.isPending || update.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { name: name.trim(), description: description.trim() || null, memberIds, partner };
    const done = {
      onSuccess: (saved: Team) => {
        notifications.show({ color: 'green', message: t('teams.saved', { name: saved.name }) });
        onClose();
      },
      onError: (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) }),
    };
    if (team) update.mutate({ team, patch: input }, done);
    else create.mutate(input, done);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={team ? t('teams.edit.title') : t('teams.new.title')} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm" data-testid="team-dialog">
          <TextInput
            label={t('teams.name')}
            required
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
          />
          <Textarea
            label={t('teams.description')}
            maxLength={2000}
            autosize
            minRows={2}
            maxRows={5}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <MultiSelect
            label={t('teams.members')}
            placeholder={memberIds.length === 0 ? t('teams.membersPlaceholder') : undefined}
            data={options}
            value={memberIds}
            onChange={setMemberIds}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage={t('teams.noUserFound')}
            maxDropdownHeight={260}
            renderOption={({ option }) => (
              <Group gap="xs" wrap="nowrap">
                <Text size="sm">{option.label}</Text>
                <Text size="xs" c="dimmed">
                  {t(`users.roles.${roleOf.get(option.value) ?? 'agent'}`)}
                </Text>
              </Group>
            )}
          />
          <Switch
            label={t('teams.partner')}
            description={t('teams.partnerHint')}
            checked={partner}
            onChange={(event) => setPartner(event.currentTarget.checked)}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('teams.cancel')}
            </Button>
            <Button type="submit" loading={saving} disabled={!name.trim()} data-testid="team-save">
              {team ? t('teams.edit.submit') : t('teams.new.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
