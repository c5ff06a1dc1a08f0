// Renders a connector's config JSON Schema as labelled, keyboard-usable inputs.
import { useState } from "react";
import { Button, Collapse, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, TextInput } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { splitAdvanced, type FieldErrors, type FieldSpec, type FormValues } from "../../lib/schemaForm";

interface Props {
  fields: FieldSpec[];
  values: FormValues;
  errors: FieldErrors;
  editing: boolean;
  onChange: (name: string, value: FormValues[string]) => void;
}

function FieldInput({ field, value, error, editing, onChange }: { field: FieldSpec; value: FormValues[string]; error?: string; editing: boolean; onChange: Props["onChange"] }) {
  const common = {
    label: field.label,
    description: field.description,
    error,
    required: field.required && !(field.secret && editing),
    "data-field": field.name,
  };
  switch (field.kind) {
    case "password":
      return (
        <PasswordInput
          {...common}
          value={String(value ?? "")}
          placeholder={editing ? "Leave empty to keep the stored value" : undefined}
          description={[field.description, editing ? "Stored encrypted; leave empty to keep it." : "Stored encrypted; never shown again."].filter(Boolean).join(" ")}
          autoComplete="new-password"
          onChange={(e) => onChange(field.name, e.currentTarget.value)}
        />
      );
    case "integer":
    case "number":
      return (
        <NumberInput
          {...common}
          value={value === "" ? "" : Number(value)}
          min={field.minimum}
          max={field.maximum}
          allowDecimal={field.kind === "number"}
          thousandSeparator={false}
          onChange={(v) => onChange(field.name, v === "" ? "" : Number(v))}
        />
      );
    case "boolean":
      return (
        <Switch
          label={field.label}
          description={field.description}
          checked={Boolean(value)}
          onChange={(e) => onChange(field.name, e.currentTarget.checked)}
          mt="xs"
        />
      );
    case "enum":
      return (
        <Select
          {...common}
          data={field.options ?? []}
          value={value === "" ? null : String(value)}
          allowDeselect={!field.required && field.nullable}
          onChange={(v) => onChange(field.name, v ?? "")}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case "list":
      return (
        <TextInput
          {...common}
          value={String(value ?? "")}
          placeholder="comma, separated, values"
          onChange={(e) => onChange(field.name, e.currentTarget.value)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={String(value ?? "")}
          onChange={(e) => onChange(field.name, e.currentTarget.value)}
          spellCheck={false}
        />
      );
  }
}

export function SchemaForm({ fields, values, errors, editing, onChange }: Props) {
  const { main, advanced } = splitAdvanced(fields);
  const advancedHasError = advanced.some((f) => errors[f.name]);
  const [showAdvanced, setShowAdvanced] = useState(false);
  const open = showAdvanced || advancedHasError;
  const render = (f: FieldSpec) => (
    <FieldInput key={f.name} field={f} value={values[f.name]} error={errors[f.name]} editing={editing} onChange={onChange} />
  );
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
        {main.map(render)}
      </SimpleGrid>
      {advanced.length > 0 && (
        <>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => setShowAdvanced((v) => !v)}
            leftSection={open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            aria-expanded={open}
            style={{ alignSelf: "flex-start" }}
          >
            Advanced settings ({advanced.length})
          </Button>
          <Collapse expanded={open}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
              {advanced.map(render)}
            </SimpleGrid>
          </Collapse>
        </>
      )}
    </Stack>
  );
}
