// Turn a connector's config JSON Schema (pydantic's output) into form fields, and form values
// back into a config object. Pure functions: the SchemaForm component only renders them.

export type FieldKind = "string" | "password" | "integer" | "number" | "boolean" | "enum" | "list";

export interface FieldSpec {
  name: string;
  label: string;
  description?: string;
  kind: FieldKind;
  required: boolean;
  nullable: boolean;
  secret: boolean;
  default?: unknown;
  options?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
}

export type FormValue = string | number | boolean | "";
export type FormValues = Record<string, FormValue>;

type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  writeOnly?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $ref?: string;
};

function humanize(name: string): string {
  const s = name.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Collapse `anyOf: [X, {type: null}]` into X, remembering that null is allowed. */
function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) {
    if (Array.isArray(schema.type) && schema.type.includes("null")) {
      const rest = schema.type.filter((t) => t !== "null");
      return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
    }
    return { schema, nullable: false };
  }
  const nonNull = variants.filter((v) => v.type !== "null");
  const nullable = nonNull.length < variants.length;
  const base = nonNull[0] ?? {};
  return {
    schema: { ...base, title: schema.title, description: schema.description, default: schema.default },
    nullable,
  };
}

export function fieldsFromSchema(schema: unknown, secretFields: string[] = []): FieldSpec[] {
  const root = (schema ?? {}) as JsonSchema;
  const required = new Set(root.required ?? []);
  return Object.entries(root.properties ?? {}).map(([name, raw]) => {
    const { schema: s, nullable } = unwrapNullable(raw);
    const secret =
      secretFields.includes(name) || s.writeOnly === true || s.format === "password";
    let kind: FieldKind = "string";
    if (secret) kind = "password";
    else if (s.enum) kind = "enum";
    else if (s.type === "integer") kind = "integer";
    else if (s.type === "number") kind = "number";
    else if (s.type === "boolean") kind = "boolean";
    else if (s.type === "array") kind = "list";
    return {
      name,
      label: s.title ?? raw.title ?? humanize(name),
      description: s.description ?? raw.description,
      kind,
      required: required.has(name),
      nullable,
      secret,
      default: raw.default ?? s.default,
      options: s.enum?.map(String),
      minimum: s.minimum,
      maximum: s.maximum,
      maxLength: s.maxLength,
      minLength: s.minLength,
    };
  });
}

/**
 * Initial form values: the existing (masked) config when editing, else the schema defaults.
 * Secret fields always start empty: they are never prefilled.
 */
export function initialValues(fields: FieldSpec[], existing?: Record<string, unknown> | null): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const current = existing && f.name in existing ? existing[f.name] : f.default;
    if (f.secret) values[f.name] = "";
    else if (f.kind === "boolean") values[f.name] = Boolean(current);
    else if (f.kind === "list")
      values[f.name] = Array.isArray(current) ? current.join(", ") : "";
    else if (current === null || current === undefined) values[f.name] = "";
    else if (f.kind === "integer" || f.kind === "number") values[f.name] = Number(current);
    else values[f.name] = String(current);
  }
  return values;
}

export type FieldErrors = Record<string, string>;

/** Client-side checks mirroring the schema; the server has the last word. */
export function validateValues(fields: FieldSpec[], values: FormValues, editing: boolean): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of fields) {
    const v = values[f.name];
    const empty = v === "" || v === undefined;
    if (empty) {
      if (f.required && !(f.secret && editing)) errors[f.name] = `${f.label} is required`;
      continue;
    }
    if (f.kind === "integer" || f.kind === "number") {
      const n = Number(v);
      if (Number.isNaN(n)) errors[f.name] = `${f.label} must be a number`;
      else if (f.kind === "integer" && !Number.isInteger(n)) errors[f.name] = `${f.label} must be a whole number`;
      else if (f.minimum !== undefined && n < f.minimum) errors[f.name] = `${f.label} must be at least ${f.minimum}`;
      else if (f.maximum !== undefined && n > f.maximum) errors[f.name] = `${f.label} must be at most ${f.maximum}`;
    } else if (typeof v === "string") {
      if (f.maxLength !== undefined && v.length > f.maxLength)
        errors[f.name] = `${f.label} must be at most ${f.maxLength} characters`;
      else if (f.minLength !== undefined && v.length < f.minLength)
        errors[f.name] = `${f.label} must be at least ${f.minLength} characters`;
      else if (f.kind === "enum" && f.options && !f.options.includes(v))
        errors[f.name] = `${f.label} must be one of ${f.options.join(", ")}`;
    }
  }
  return errors;
}

/**
 * The config to send. When editing, an empty secret is left out so the stored one is kept
 * ("leave empty to keep"); when creating, empty optional values fall back to the server default.
 */
export function buildConfig(fields: FieldSpec[], values: FormValues, editing: boolean): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    const empty = v === "" || v === undefined;
    if (f.secret) {
      if (!empty) config[f.name] = v;
      continue;
    }
    if (f.kind === "boolean") {
      config[f.name] = Boolean(v);
      continue;
    }
    if (empty) {
      // Clearing a nullable field while editing must reach the server as null.
      if (editing && f.nullable) config[f.name] = null;
      continue;
    }
    if (f.kind === "integer" || f.kind === "number") config[f.name] = Number(v);
    else if (f.kind === "list") {
      const items = String(v).split(",").map((x) => x.trim()).filter(Boolean);
      config[f.name] = items.length ? items : f.nullable ? null : [];
    } else config[f.name] = v;
  }
  return config;
}

const MAIN_FIELDS = new Set(["port", "path", "directory", "format"]);

/** Required and commonly used fields first, then the advanced ones (those with defaults). */
export function splitAdvanced(fields: FieldSpec[]): { main: FieldSpec[]; advanced: FieldSpec[] } {
  const main: FieldSpec[] = [];
  const advanced: FieldSpec[] = [];
  for (const f of fields) {
    if (f.required || f.secret || MAIN_FIELDS.has(f.name) || f.default === undefined || (f.nullable && f.default === null && f.kind === "string"))
      main.push(f);
    else advanced.push(f);
  }
  // Keep the form short: when nearly everything is "advanced", show it all.
  if (main.length < 2) return { main: fields, advanced: [] };
  return { main, advanced };
}
