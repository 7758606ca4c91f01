// The frame around every signed-in page: header with the user menu, navigation, content.
import { AppShell, Burger, Group, Menu, NavLink, Text, Title, UnstyledButton, Avatar } from '@mantine/core';
import { useDisclosure, useWindowEvent } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { languages, currentLanguage } from '../i18n/index.ts';
import { useErrorMessage } from '../ui/states.tsx';
import { useAuth, useCan } from './auth.tsx';
import { areas, partnerAreas } from './areas.tsx';
import { SearchLauncher } from '../features/search/SearchLauncher.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

function UserMenu() {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useAuth();
  const errorMessage = useErrorMessage();
  if (!me) return null;
  const active = currentLanguage();

  // Signing out always forgets the session here; the guard then shows the sign-in page.
  const onSignOut = async () => {
    try {
      await signOut();
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error) });
    }
  };

  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={t('user.menu')} data-testid="user-menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar size="sm" color="blue" radius="xl">
              {initials(me.user.name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="xs">
              {me.user.name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('user.workspace')}</Menu.Label>
        <Menu.Item disabled>{me.workspace.name}</Menu.Item>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" data-testid="my-account">
          {t('account.menu')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>{t('user.language')}</Menu.Label>
        {languages.map((lng) => (
          <Menu.Item
            key={lng}
            lang={lng}
            data-testid={`language-${lng}`}
            aria-current={lng === active ? 'true' : undefined}
            fw={lng === active ? 700 : undefined}
            onClick={() => void i18n.changeLanguage(lng)}
          >
            {t(`language.${lng}`)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void onSignOut()} data-testid="sign-out">
          {t('user.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export default function Shell() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const can = useCan();
  const partner = me?.user.role === 'partner';
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  // On a phone the navigation covers the page; Esc closes it as it closes any other overlay.
  useWindowEvent('keydown', (event) => {
    if (event.key === 'Escape' && opened) close();
  });
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Title order={3} c="blue.7">
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SearchLauncher />
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      {/* More areas than a short window holds: the navigation scrolls on its own. */}
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.label')} style={{ overflowY: 'auto' }}>
        {areas
          .filter(
            (area) => !area.hidden && (!partner || partnerAreas.has(area.path)) && (!area.needs || can(...area.needs)),
          )
          .map((area) => (
            <NavLink
              key={area.path}
              component={RouterNavLink}
              to={`/${area.path}`}
              label={t(area.label)}
              active={pathname === `/${area.path}` || pathname.startsWith(`/${area.path}/`)}
              onClick={close}
            />
          ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
