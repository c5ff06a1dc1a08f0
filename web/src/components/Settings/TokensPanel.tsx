// The signed-in user's API tokens: list, create (secret shown once), revoke.
import { useState } from "react";
import { ActionIcon, Badge, Button, Code, Group, Paper, Table, Text, Title, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconKey, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { tokensQuery, type Token } from "../../api/tokens";
import { formatDateTime, relativeTime } from "../../lib/format";
import { expiryState } from "../../lib/tokens";
import { EmptyState, ErrorState, Loading } from "../ui/States";
import { CreateTokenModal } from "./CreateTokenModal";
import { RevokeTokenModal } from "./RevokeTokenModal";

function Expiry({ token }: { token: Token }) {
  const state = expiryState(token.expires_at);
  if (state === "never") return <Text size="sm" c="dimmed">Never</Text>;
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" title={formatDateTime(token.expires_at)}>{formatDateTime(token.expires_at)}</Text>
      {state === "expired" && <Badge size="xs" color="red" variant="light">expired</Badge>}
      {state === "soon" && <Badge size="xs" color="orange" variant="light">{relativeTime(token.expires_at)}</Badge>}
    </Group>
  );
}

export function TokensPanel() {
  const tokens = useQuery(tokensQuery());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);

  const newButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>New token</Button>
  );

  return (
    <>
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Title order={4}>API tokens</Title>
          <Text size="sm" c="dimmed" maw={640}>
            Scripts, CI and the <span className="mono">sluice</span> CLI use a token instead of your password: send it as{" "}
            <Code>Authorization: Bearer &lt;token&gt;</Code>. A token acts as you.
          </Text>
        </div>
        {tokens.data && tokens.data.count > 0 && newButton}
      </Group>
      {tokens.isPending ? (
        <Loading label="Loading your tokens…" />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} retry={() => void tokens.refetch()} />
      ) : tokens.data.count === 0 ? (
        <EmptyState icon={<IconKey size={28} />} title="No API tokens yet" action={newButton}>
          Create one for each script or service that calls the Sluice API, so you can revoke them one by one.
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg" p="xs">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={10} data-testid="tokens-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th w={60}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.data.map((t) => (
                  <Table.Tr key={t.id} data-testid="token-row">
                    <Table.Td><Text size="sm" fw={500}>{t.name}</Text></Table.Td>
                    <Table.Td><Code className="mono">{t.prefix}…</Code></Table.Td>
                    <Table.Td><Text size="sm" title={formatDateTime(t.created_at)}>{relativeTime(t.created_at)}</Text></Table.Td>
                    <Table.Td>
                      {t.last_used_at
                        ? <Text size="sm" title={formatDateTime(t.last_used_at)}>{relativeTime(t.last_used_at)}</Text>
                        : <Text size="sm" c="dimmed">Never used</Text>}
                    </Table.Td>
                    <Table.Td><Expiry token={t} /></Table.Td>
                    <Table.Td>
                      <Tooltip label="Revoke">
                        <ActionIcon variant="subtle" color="red" aria-label={`Revoke ${t.name}`} onClick={() => setRevoking(t)}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <RevokeTokenModal token={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
