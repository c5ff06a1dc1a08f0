// Account settings: API tokens for everyone; master password and locking for admins.
import { Alert, Stack, Tabs } from "@mantine/core";
import { IconInfoCircle, IconKey, IconShieldLock } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { meQuery } from "../../api/auth";
import { PageHeader } from "../ui/States";
import { ChangeMasterPassword } from "./ChangeMasterPassword";
import { LockCard } from "./LockCard";
import { TokensPanel } from "./TokensPanel";

export type SettingsTab = "tokens" | "security";

export function SettingsPage({ tab }: { tab: SettingsTab }) {
  const me = useQuery(meQuery());
  const navigate = useNavigate();
  const admin = Boolean(me.data?.is_admin);
  return (
    <>
      <PageHeader
        title="Settings"
        description={me.data ? `Signed in as ${me.data.username}${admin ? " (administrator)" : ""}` : undefined}
      />
      <Tabs
        value={tab}
        onChange={(v) => void navigate({ to: "/settings", search: { tab: (v as SettingsTab | null) ?? "tokens" }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="tokens" leftSection={<IconKey size={16} />}>API tokens</Tabs.Tab>
          <Tabs.Tab value="security" leftSection={<IconShieldLock size={16} />}>Security</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tokens">
          <TokensPanel />
        </Tabs.Panel>
        <Tabs.Panel value="security">
          {admin ? (
            <Stack gap="lg">
              <ChangeMasterPassword />
              <LockCard />
            </Stack>
          ) : (
            <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} title="Administrators only">
              The master password and locking are managed by an administrator of this Sluice server.
            </Alert>
          )}
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
