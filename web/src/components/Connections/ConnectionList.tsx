import { AnchorLink, ButtonLink } from "../ui/links";
import { ActionIcon, Badge, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconCircleCheck, IconCircleX, IconDatabaseImport, IconDatabaseExport, IconPlugConnected, IconPlugConnectedX, IconSchema, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { connectionsQuery, useTestConnection, type Connection } from "../../api/connections";
import { connectorsQuery } from "../../api/connectors";
import { errorMessage } from "../../api/client";
import { relativeTime } from "../../lib/format";
import { ConnectorIcon } from "../ui/ConnectorIcon";
import { EmptyState, ErrorState, Loading, PageHeader } from "../ui/States";
import { notifications } from "@mantine/notifications";

function LastTest({ conn }: { conn: Connection }) {
  if (conn.last_test_ok === null || conn.last_test_ok === undefined)
    return <Text size="xs" c="dimmed">Not tested yet</Text>;
  return (
    <Tooltip label={conn.last_test_message ?? ""} multiline w={320} disabled={!conn.last_test_message}>
      <Group gap={4} wrap="nowrap">
        {conn.last_test_ok ? <IconCircleCheck size={15} color="var(--mantine-color-teal-6)" /> : <IconCircleX size={15} color="var(--mantine-color-red-6)" />}
        <Text size="xs" c={conn.last_test_ok ? "teal" : "red"} fw={500}>
          {conn.last_test_ok ? "Test passed" : "Test failed"}
        </Text>
        <Text size="xs" c="dimmed">· {relativeTime(conn.last_tested_at)}</Text>
      </Group>
    </Tooltip>
  );
}

export function ConnectionList() {
  const connections = useQuery(connectionsQuery());
  const connectors = useQuery(connectorsQuery());
  const test = useTestConnection();
  const navigate = useNavigate();
  const [filter, setFilter] = useState("all");
  const [search, setSearch] = useState("");
  const byName = useMemo(() => new Map((connectors.data?.data ?? []).map((c) => [c.name, c])), [connectors.data]);

  const rows = (connections.data?.data ?? []).filter(
    (c) =>
      (filter === "all" || (filter === "source") === c.is_source) &&
      (!search || c.name.toLowerCase().includes(search.toLowerCase()) || c.connector_type.includes(search.toLowerCase())),
  );

  const actions = (
    <>
      <ButtonLink to="/connections/new" search={{ role: "source" }} leftSection={<IconDatabaseExport size={16} />}>
        New source
      </ButtonLink>
      <ButtonLink to="/connections/new" search={{ role: "destination" }} variant="light" leftSection={<IconDatabaseImport size={16} />}>
        New destination
      </ButtonLink>
    </>
  );

  return (
    <>
      <PageHeader title="Connections" description="Where data comes from and where it goes. Credentials are stored encrypted." actions={actions} />
      {connections.isPending ? (
        <Loading label="Loading connections…" />
      ) : connections.isError ? (
        <ErrorState error={connections.error} retry={() => void connections.refetch()} />
      ) : connections.data.count === 0 ? (
        <EmptyState icon={<IconPlugConnected size={28} />} title="No connections yet" action={<Group>{actions}</Group>}>
          Add a source to read from (a database, files…) and a destination to load into. Then build a pipeline between them.
        </EmptyState>
      ) : (
        <Stack gap="md">
          <Group justify="space-between">
            <SegmentedControl
              value={filter}
              onChange={setFilter}
              data={[
                { label: "All", value: "all" },
                { label: "Sources", value: "source" },
                { label: "Destinations", value: "destination" },
              ]}
            />
            <TextInput
              placeholder="Filter by name"
              aria-label="Filter connections"
              leftSection={<IconSearch size={14} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={240}
            />
          </Group>
          {rows.length === 0 && <Text c="dimmed" size="sm">No connection matches this filter.</Text>}
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
            {rows.map((c) => {
              const connector = byName.get(c.connector_type);
              return (
                <Card key={c.id} withBorder radius="lg" padding="lg" data-testid="connection-card">
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                      <ConnectorIcon icon={connector?.icon} size={40} />
                      <div style={{ minWidth: 0 }}>
                        <AnchorLink fw={600} truncate  to="/connections/$id" params={{ id: c.id }} style={{ color: "inherit", textDecoration: "none" }}>
                          {c.name}
                        </AnchorLink>
                        <Text size="xs" c="dimmed">{connector?.title ?? c.connector_type}</Text>
                      </div>
                    </Group>
                    <Badge variant="light" color={c.is_source ? "sluice" : "grape"}>{c.is_source ? "Source" : "Destination"}</Badge>
                  </Group>
                  <Group justify="space-between" mt="lg" wrap="nowrap">
                    <LastTest conn={c} />
                    <Group gap={6} wrap="nowrap">
                      {c.is_source && (
                        <Tooltip label="Explore schema">
                          <ActionIcon variant="default" aria-label={`Explore schema of ${c.name}`} onClick={() => void navigate({ to: "/connections/$id/schema", params: { id: c.id } })}>
                            <IconSchema size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                      <Button
                        size="compact-sm"
                        variant="default"
                        loading={test.isPending && test.variables === c.id}
                        leftSection={c.last_test_ok === false ? <IconPlugConnectedX size={14} /> : <IconPlugConnected size={14} />}
                        onClick={() =>
                          test.mutate(c.id, {
                            onSuccess: (r) =>
                              notifications.show({ color: r.ok ? "teal" : "red", title: r.ok ? `${c.name}: connection works` : `${c.name}: connection failed`, message: r.message }),
                            onError: (e) => notifications.show({ color: "red", title: "Test failed", message: errorMessage(e) }),
                          })
                        }
                      >
                        Test
                      </Button>
                      <ButtonLink size="compact-sm" variant="light" to="/connections/$id" params={{ id: c.id }}>
                        Edit
                      </ButtonLink>
                    </Group>
                  </Group>
                </Card>
              );
            })}
          </SimpleGrid>
        </Stack>
      )}
    </>
  );
}
