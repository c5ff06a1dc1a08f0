import { NavLinkLink } from "../ui/links";
import { ActionIcon, AppShell, Avatar, Burger, Group, Menu, ScrollArea, Text, Tooltip, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconLayoutDashboard, IconLock, IconLogout, IconMoon, IconPlugConnected, IconPlus, IconRoute, IconSettings, IconSun } from "@tabler/icons-react";
import { Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { useLogout, meQuery } from "../../api/auth";
import { useLock } from "../../api/system";
import { useQuery } from "@tanstack/react-query";
import { Logo } from "../ui/Logo";
import { useLiveInvalidation } from "./useLiveInvalidation";
import { LiveIndicator } from "./LiveIndicator";

const NAV = [
  { to: "/", label: "Dashboard", icon: IconLayoutDashboard, exact: true },
  { to: "/pipelines", label: "Pipelines", icon: IconRoute, exact: false },
  { to: "/connections", label: "Connections", icon: IconPlugConnected, exact: false },
] as const;

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  const me = useQuery(meQuery());
  const logout = useLogout();
  const lock = useLock();
  const navigate = useNavigate();
  useLiveInvalidation();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/" style={{ textDecoration: "none", color: "inherit" }} aria-label="Sluice home">
              <Logo />
            </Link>
          </Group>
          <Group gap="xs">
            <LiveIndicator />
            <Tooltip label={scheme === "dark" ? "Light theme" : "Dark theme"}>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label="Toggle color scheme"
                onClick={() => setColorScheme(scheme === "dark" ? "light" : "dark")}
              >
                {scheme === "dark" ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" width={220} withArrow>
              <Menu.Target>
                <ActionIcon variant="subtle" size="lg" radius="xl" aria-label="Account menu">
                  <Avatar size={32} radius="xl" color="sluice">{me.data?.username.slice(0, 2).toUpperCase()}</Avatar>
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Signed in as {me.data?.username}</Menu.Label>
                <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => void navigate({ to: "/settings", search: { tab: "tokens" } })}>
                  Settings &amp; API tokens
                </Menu.Item>
                {me.data?.is_admin && (
                  <Menu.Item leftSection={<IconLock size={16} />} onClick={() => lock.mutate()}>
                    Lock Sluice
                  </Menu.Item>
                )}
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          {NAV.map((item) => {
            const active = item.exact ? path === item.to : path.startsWith(item.to);
            return (
              <NavLinkLink
                key={item.to}
                
                to={item.to}
                label={item.label}
                leftSection={<item.icon size={18} stroke={1.7} />}
                active={active}
                onClick={close}
                variant="light"
                style={{ borderRadius: 8, marginBottom: 2 }}
              />
            );
          })}
        </AppShell.Section>
        <AppShell.Section>
          <NavLinkLink
            
            to="/pipelines/new"
            label="New pipeline"
            leftSection={<IconPlus size={18} />}
            onClick={close}
            style={{ borderRadius: 8 }}
          />
          <Text size="xs" c="dimmed" px="sm" pt="sm">Sluice · embedded</Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1280, margin: "0 auto" }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
