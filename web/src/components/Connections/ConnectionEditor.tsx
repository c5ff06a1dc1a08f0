import { AnchorLink, ButtonLink } from "../ui/links";
// Create or edit a connection: connector picker, a form generated from the connector's JSON
// Schema, and "Test connection" with a readable result.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Alert, Breadcrumbs, Button, Divider, Group, Modal, Paper, SegmentedControl, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLock, IconPlugConnected, IconSchema, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { ApiError, errorMessage } from "../../api/client";
import { connectionQuery, useCreateConnection, useDeleteConnection, useTestConnection, useUpdateConnection, type Connection } from "../../api/connections";
import { connectorsQuery, type Connector } from "../../api/connectors";
import { buildConfig, fieldsFromSchema, initialValues, validateValues, type FieldErrors, type FormValues } from "../../lib/schemaForm";
import { ConnectorIcon } from "../ui/ConnectorIcon";
import { ErrorState, Loading, PageHeader } from "../ui/States";
import { ConnectorPicker } from "./ConnectorPicker";
import { SchemaForm } from "./SchemaForm";
import { TestResult } from "./TestResult";

export function ConnectionEditor({ id }: { id?: number }) {
  const connectors = useQuery(connectorsQuery());
  const existing = useQuery({ ...connectionQuery(id ?? 0), enabled: id !== undefined });
  if (connectors.isPending || (id !== undefined && existing.isPending)) return <Loading />;
  if (connectors.isError) return <ErrorState error={connectors.error} retry={() => void connectors.refetch()} />;
  if (existing.isError) return <ErrorState error={existing.error} retry={() => void existing.refetch()} />;
  return <EditorForm key={id ?? "new"} connectors={connectors.data.data} existing={id !== undefined ? existing.data : undefined} />;
}

function EditorForm({ connectors, existing }: { connectors: Connector[]; existing?: Connection }) {
  const search = useSearch({ strict: false }) as { role?: string; connector?: string };
  const navigate = useNavigate();
  const editing = existing !== undefined;
  const [role, setRole] = useState<string>(existing ? (existing.is_source ? "source" : "destination") : (search.role ?? "source"));
  // Real systems first; the fault-injecting test connector last.
  const available = connectors
    .filter((c) => c.kind === "both" || c.kind === role)
    .sort((a, b) => Number(a.name === "dummy") - Number(b.name === "dummy") || a.title.localeCompare(b.title));
  const [connectorName, setConnectorName] = useState<string | null>(
    existing?.connector_type ?? search.connector ?? (available.some((c) => c.name === "postgres") ? "postgres" : (available[0]?.name ?? null)),
  );
  const connector = connectors.find((c) => c.name === connectorName);
  const fields = useMemo(() => (connector ? fieldsFromSchema(connector.config_schema, connector.secret_fields) : []), [connector]);
  const [name, setName] = useState(existing?.name ?? "");
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, existing?.config));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<ApiError | Error | null>(null);
  const [dirty, setDirty] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const create = useCreateConnection();
  const update = useUpdateConnection(existing?.id ?? 0);
  const test = useTestConnection();
  const del = useDeleteConnection();

  // Switching connector resets the form to its defaults.
  useEffect(() => {
    if (!editing) setValues(initialValues(fields));
  }, [fields, editing]);

  const locked = editing && existing.config === null;

  function change(field: string, value: FormValues[string]) {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: "" }));
    setDirty(true);
  }

  async function save(): Promise<Connection | null> {
    const fieldErrors = validateValues(fields, values, editing);
    if (!name.trim()) fieldErrors.__name = "Give the connection a name";
    setErrors(fieldErrors);
    if (Object.values(fieldErrors).some(Boolean)) return null;
    setServerError(null);
    const config = buildConfig(fields, values, editing);
    try {
      if (editing) {
        const saved = await update.mutateAsync({ name: name.trim(), config });
        setDirty(false);
        setValues((v) => ({ ...v, ...Object.fromEntries(fields.filter((f) => f.secret).map((f) => [f.name, ""])) }));
        return saved;
      }
      return await create.mutateAsync({ name: name.trim(), connector_type: connectorName!, is_source: role === "source", config });
    } catch (exc) {
      if (exc instanceof ApiError && exc.field) {
        const key = exc.field.replace(/^config\./, "");
        if (fields.some((f) => f.name === key)) setErrors((e) => ({ ...e, [key]: exc.message }));
      }
      setServerError(exc as Error);
      return null;
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const saved = await save();
    if (!saved) return;
    notifications.show({ color: "teal", title: editing ? "Connection saved" : "Connection created", message: saved.name });
    if (!editing) void navigate({ to: "/connections/$id", params: { id: saved.id } });
  }

  async function saveAndTest() {
    let target: Connection | null | undefined = existing;
    if (!editing || dirty) target = await save();
    if (!target) return;
    if (editing) test.mutate(target.id);
    else {
      // Test before leaving the form, so the button shows the wait; the edit page then shows
      // the stored result.
      await test.mutateAsync(target.id).catch(() => undefined);
      void navigate({ to: "/connections/$id", params: { id: target.id } });
    }
  }

  const lastResult = test.data
    ? { ok: test.data.ok, message: test.data.message, testedAt: test.data.tested_at }
    : existing && existing.last_test_ok !== null && existing.last_test_ok !== undefined
      ? { ok: existing.last_test_ok, message: existing.last_test_message ?? "", testedAt: existing.last_tested_at }
      : null;

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/connections">Connections</AnchorLink>
        <Text size="sm">{editing ? existing.name : "New"}</Text>
      </Breadcrumbs>
      <PageHeader
        title={editing ? existing.name : role === "source" ? "New source" : "New destination"}
        description={editing ? `${connector?.title ?? existing.connector_type} ${existing.is_source ? "source" : "destination"}` : "Pick a connector, fill in how to reach it, and test it."}
        actions={
          editing && existing.is_source ? (
            <ButtonLink variant="light" to="/connections/$id/schema" params={{ id: existing.id }} leftSection={<IconSchema size={16} />}>
              Explore schema
            </ButtonLink>
          ) : undefined
        }
      />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg" maw={960}>
          {!editing && (
            <Paper withBorder radius="lg" p="lg">
              <Stack gap="md">
                <Group justify="space-between">
                  <Title order={4}>Connector</Title>
                  <SegmentedControl
                    value={role}
                    onChange={(r) => {
                      setRole(r);
                      const stillOk = connectors.find((c) => c.name === connectorName && (c.kind === "both" || c.kind === r));
                      if (!stillOk) setConnectorName(connectors.find((c) => c.kind === "both" || c.kind === r)?.name ?? null);
                    }}
                    data={[
                      { label: "Source", value: "source" },
                      { label: "Destination", value: "destination" },
                    ]}
                    aria-label="Role"
                  />
                </Group>
                <ConnectorPicker connectors={available} value={connectorName} onChange={setConnectorName} />
              </Stack>
            </Paper>
          )}
          {locked && (
            <Alert color="orange" icon={<IconLock size={18} />} title="Locked">
              The configuration is encrypted and Sluice is locked. Unlock it to edit this connection.
            </Alert>
          )}
          {connector && !locked && (
            <Paper withBorder radius="lg" p="lg">
              <Stack gap="md">
                <Group gap="sm">
                  <ConnectorIcon icon={connector.icon} size={32} />
                  <Title order={4}>{connector.title} settings</Title>
                </Group>
                <TextInput
                  label="Connection name"
                  description="How this connection appears in pipelines"
                  placeholder={role === "source" ? "e.g. Production shop DB" : "e.g. Analytics warehouse"}
                  value={name}
                  onChange={(e) => {
                    setName(e.currentTarget.value);
                    setErrors((x) => ({ ...x, __name: "" }));
                    setDirty(true);
                  }}
                  error={errors.__name}
                  required
                  data-field="__name"
                />
                <Divider />
                <SchemaForm fields={fields} values={values} errors={errors} editing={editing} onChange={change} />
                {serverError && <ErrorState error={serverError} title="Could not save" />}
                {test.isError && <ErrorState error={test.error} title="Could not test" />}
                {lastResult && !test.isPending && <TestResult {...lastResult} />}
                <Group justify="space-between">
                  <Group>
                    <Button type="submit" loading={create.isPending || update.isPending}>
                      {editing ? "Save changes" : "Create connection"}
                    </Button>
                    <Button variant="default" leftSection={<IconPlugConnected size={16} />} loading={test.isPending} onClick={() => void saveAndTest()}>
                      {editing && !dirty ? "Test connection" : "Save and test"}
                    </Button>
                  </Group>
                  {editing && (
                    <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
                      Delete
                    </Button>
                  )}
                </Group>
              </Stack>
            </Paper>
          )}
        </Stack>
      </form>
      {editing && (
        <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete ${existing.name}?`} centered>
          <Stack>
            <Text size="sm">The connection and its stored credentials are removed. Pipelines that use it must be deleted first.</Text>
            {del.isError && <ErrorState error={del.error} title="Cannot delete" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmDelete(false)}>Cancel</Button>
              <Button
                color="red"
                loading={del.isPending}
                onClick={() =>
                  del.mutate(existing.id, {
                    onSuccess: () => {
                      notifications.show({ title: "Connection deleted", message: existing.name });
                      void navigate({ to: "/connections" });
                    },
                    onError: (e) => notifications.show({ color: "red", title: "Cannot delete", message: errorMessage(e) }),
                  })
                }
              >
                Delete
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}
