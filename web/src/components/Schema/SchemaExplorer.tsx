import { AnchorLink, ButtonLink } from "../ui/links";
// Browse a source's discovered schemas, tables and columns with keys, relationships and row
// estimates; refresh discovery and see how old the cached catalog is.
import { useMemo, useState } from "react";
import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Highlight, NavLink, Paper, ScrollArea, Stack, Table, Text, TextInput, ThemeIcon, Title, Tooltip } from "@mantine/core";
import { IconArrowRight, IconEye, IconKey, IconLink, IconRefresh, IconRoute, IconSchema, IconSearch, IconTable } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { catalogStreams, connectionQuery, connectionSchemaQuery, useDiscover, type CatalogStream } from "../../api/connections";
import { formatAge, formatNumber } from "../../lib/format";
import { EmptyState, ErrorState, Loading, PageHeader } from "../ui/States";

function matches(stream: CatalogStream, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return stream.name.toLowerCase().includes(s) || stream.columns.some((c) => c.name.toLowerCase().includes(s));
}

export function SchemaExplorer({ connectionId }: { connectionId: number }) {
  const conn = useQuery(connectionQuery(connectionId));
  const schema = useQuery(connectionSchemaQuery(connectionId));
  const discover = useDiscover(connectionId);
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState<string | null>(null);

  const streams = useMemo(() => catalogStreams(schema.data), [schema.data]);
  const filtered = streams.filter((s) => matches(s, search));
  const groups = useMemo(() => {
    const m = new Map<string, CatalogStream[]>();
    for (const s of filtered) {
      const ns = s.namespace ?? "default";
      m.set(ns, [...(m.get(ns) ?? []), s]);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [filtered]);
  const current = streams.find((s) => s.name === selected) ?? filtered[0] ?? null;
  const incoming = useMemo(
    () =>
      current
        ? streams.flatMap((s) => (s.foreign_keys ?? []).filter((fk) => fk.referred_stream === current.name).map((fk) => ({ from: s.name, fk })))
        : [],
    [streams, current],
  );

  const refresh = (
    <Button leftSection={<IconRefresh size={16} />} onClick={() => discover.mutate()} loading={discover.isPending} variant={schema.data ? "default" : "filled"}>
      {schema.data ? "Refresh discovery" : "Discover now"}
    </Button>
  );
  const totalRows = streams.reduce((n, s) => n + (s.row_estimate ?? 0), 0);

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/connections">Connections</AnchorLink>
        <AnchorLink to="/connections/$id" params={{ id: connectionId }}>{conn.data?.name ?? "…"}</AnchorLink>
        <Text size="sm">Schema</Text>
      </Breadcrumbs>
      <PageHeader
        title={`Schema of ${conn.data?.name ?? "…"}`}
        description={
          schema.data ? (
            <span data-testid="catalog-age">
              {streams.length} streams · ~{formatNumber(totalRows)} rows · discovered {formatAge(schema.data.age_seconds)} ago
            </span>
          ) : (
            "Tables, columns, keys and relationships found in this source."
          )
        }
        actions={
          <>
            {refresh}
            {schema.data && (
              <ButtonLink to="/pipelines/new" search={{ source: connectionId }} leftSection={<IconRoute size={16} />}>
                Build a pipeline
              </ButtonLink>
            )}
          </>
        }
      />
      {discover.isError && <ErrorState error={discover.error} title="Discovery failed" />}
      {schema.isPending ? (
        <Loading label="Loading the cached catalog…" />
      ) : schema.isError ? (
        <ErrorState error={schema.error} retry={() => void schema.refetch()} />
      ) : !schema.data ? (
        <EmptyState icon={<IconSchema size={28} />} title="Not discovered yet" action={refresh}>
          Sluice scans the source for schemas, tables, columns, keys and relationships, and caches the result. It takes a few seconds.
        </EmptyState>
      ) : streams.length === 0 ? (
        <EmptyState icon={<IconTable size={28} />} title="No tables found" action={refresh}>
          The source has no tables or views this user can read. Check the connection's schema filter and permissions, then refresh.
        </EmptyState>
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Paper withBorder radius="lg" p="sm">
              <TextInput
                placeholder="Search tables and columns"
                aria-label="Search tables and columns"
                leftSection={<IconSearch size={14} />}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
                mb="sm"
              />
              <ScrollArea.Autosize mah="calc(100vh - 300px)">
                {groups.length === 0 && <Text size="sm" c="dimmed" p="sm">Nothing matches “{search}”.</Text>}
                {groups.map(([ns, list]) => (
                  <div key={ns}>
                    <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>{ns}</Text>
                    {list.map((s) => (
                      <NavLink
                        key={s.name}
                        active={current?.name === s.name}
                        onClick={() => setSelected(s.name)}
                        label={<Highlight highlight={search} size="sm">{s.table ?? s.name}</Highlight>}
                        description={`${s.columns.length} columns${s.row_estimate != null ? ` · ~${formatNumber(s.row_estimate)} rows` : ""}`}
                        leftSection={s.kind === "view" ? <IconEye size={16} /> : <IconTable size={16} />}
                        style={{ borderRadius: 8 }}
                        data-testid="stream-item"
                      />
                    ))}
                  </div>
                ))}
              </ScrollArea.Autosize>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            {current && (
              <Paper withBorder radius="lg" p="lg">
                <Group justify="space-between" mb="md" wrap="nowrap">
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon variant="light" size="lg">{current.kind === "view" ? <IconEye size={18} /> : <IconTable size={18} />}</ThemeIcon>
                    <div>
                      <Title order={3} fz={20} className="mono">{current.name}</Title>
                      <Text size="xs" c="dimmed">{current.kind ?? "table"}{current.description ? ` · ${current.description}` : ""}</Text>
                    </div>
                  </Group>
                  <Stack gap={2} align="flex-end">
                    <Text fw={700} fz="lg">{current.row_estimate != null ? `~${formatNumber(current.row_estimate)}` : "?"}</Text>
                    <Text size="xs" c="dimmed">rows (estimate)</Text>
                  </Stack>
                </Group>
                <Table.ScrollContainer minWidth={520}>
                  <Table striped highlightOnHover verticalSpacing={6} data-testid="columns-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Column</Table.Th>
                        <Table.Th>Type</Table.Th>
                        <Table.Th>Arrow type</Table.Th>
                        <Table.Th>Null</Table.Th>
                        <Table.Th>Keys</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {current.columns.map((c) => {
                        const fk = (current.foreign_keys ?? []).find((f) => f.columns.includes(c.name));
                        return (
                          <Table.Tr key={c.name}>
                            <Table.Td><Highlight highlight={search} className="mono" size="sm">{c.name}</Highlight></Table.Td>
                            <Table.Td><Text size="sm" className="mono">{c.native_type ?? c.type}</Text></Table.Td>
                            <Table.Td><Text size="xs" c="dimmed" className="mono">{c.type}</Text></Table.Td>
                            <Table.Td>{c.nullable ? <Text size="sm" c="dimmed">yes</Text> : <Badge size="xs" variant="outline" color="gray">not null</Badge>}</Table.Td>
                            <Table.Td>
                              <Group gap={4}>
                                {current.primary_key.includes(c.name) && <Badge size="xs" color="yellow" leftSection={<IconKey size={10} />}>PK</Badge>}
                                {fk && (
                                  <Tooltip label={`references ${fk.referred_stream}(${fk.referred_columns.join(", ")})`}>
                                    <Badge size="xs" color="grape" leftSection={<IconLink size={10} />} style={{ cursor: "pointer" }} onClick={() => setSelected(fk.referred_stream)}>
                                      FK
                                    </Badge>
                                  </Tooltip>
                                )}
                                {current.cursor_candidates.includes(c.name) && (
                                  <Tooltip label="Good incremental cursor: it only grows"><Badge size="xs" color="teal" variant="light">cursor</Badge></Tooltip>
                                )}
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                {((current.foreign_keys ?? []).length > 0 || incoming.length > 0) && (
                  <>
                    <Title order={5} mt="lg" mb="xs">Relationships</Title>
                    <Stack gap={6}>
                      {(current.foreign_keys ?? []).map((fk) => (
                        <Group key={`out-${fk.columns.join()}`} gap={6}>
                          <Text size="sm" className="mono">{current.table ?? current.name}({fk.columns.join(", ")})</Text>
                          <IconArrowRight size={14} />
                          <Anchor size="sm" className="mono" onClick={() => setSelected(fk.referred_stream)}>{fk.referred_stream}({fk.referred_columns.join(", ")})</Anchor>
                        </Group>
                      ))}
                      {incoming.map(({ from, fk }) => (
                        <Group key={`in-${from}-${fk.columns.join()}`} gap={6}>
                          <Anchor size="sm" className="mono" onClick={() => setSelected(from)}>{from}({fk.columns.join(", ")})</Anchor>
                          <IconArrowRight size={14} />
                          <Text size="sm" className="mono">{current.table ?? current.name}({fk.referred_columns.join(", ")})</Text>
                        </Group>
                      ))}
                    </Stack>
                  </>
                )}
              </Paper>
            )}
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
