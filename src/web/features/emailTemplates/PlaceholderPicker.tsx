// The placeholders a template may use, by record, in a menu: choosing one writes it where the
// cursor was last, in the subject or the body.
import { Fragment } from 'react';
import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type EmailPlaceholder, emailPlaceholders, placeholderText } from '../../../contract/emailTemplates.ts';

const groups = ['contact', 'company', 'deal', 'user', 'date'] as const;

export function PlaceholderPicker({ onPick, disabled }: { onPick(text: string): void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-start" shadow="md" width={300}>
      <Menu.Target>
        <Button variant="light" size="xs" disabled={disabled} data-testid="placeholder-picker">
          {t('emailTemplates.insertPlaceholder')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {groups.map((group) => (
          <Fragment key={group}>
            <Menu.Label>{t(`emailTemplates.placeholderGroups.${group}`)}</Menu.Label>
            {emailPlaceholders
              .filter((name) => name.startsWith(`${group}.`))
              .map((name: EmailPlaceholder) => (
                <Menu.Item key={name} onClick={() => onPick(placeholderText(name))} data-placeholder={name}>
                  {t(`emailTemplates.placeholders.${name}`)}
                </Menu.Item>
              ))}
          </Fragment>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
