import type { CatalogStream } from "../api/connections";

/** The PostgreSQL connector's config schema as the API serves it (trimmed). */
export const postgresSchema = {
  additionalProperties: false,
  properties: {
    host: { description: "Server host name or IP address.", title: "Host", type: "string" },
    port: { default: 5432, maximum: 65535, minimum: 1, title: "Port", type: "integer" },
    database: { title: "Database", type: "string" },
    username: { title: "User name", type: "string" },
    password: { default: "", format: "password", title: "Password", type: "string", writeOnly: true },
    sslmode: { default: "prefer", enum: ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"], title: "SSL mode", type: "string" },
    schemas: { anyOf: [{ items: { type: "string" }, type: "array" }, { type: "null" }], default: null, title: "Schemas" },
    fail_after_rows: { anyOf: [{ minimum: 0, type: "integer" }, { type: "null" }], default: null, title: "Fail After Rows" },
    header: { default: true, title: "Header", type: "boolean" },
  },
  required: ["host", "database", "username"],
  title: "PostgreSQL",
  type: "object",
};

export const catalog: CatalogStream[] = [
  {
    name: "public.customers",
    namespace: "public",
    table: "customers",
    kind: "table",
    columns: [
      { name: "id", type: "int32", native_type: "integer", nullable: false },
      { name: "name", type: "string", native_type: "text", nullable: false },
      { name: "created_at", type: "timestamp[us, tz=UTC]", native_type: "timestamp with time zone", nullable: true },
    ],
    primary_key: ["id"],
    cursor_candidates: ["created_at", "id"],
    row_estimate: 200,
    foreign_keys: [],
  },
  {
    name: "public.events",
    namespace: "public",
    table: "events",
    kind: "view",
    columns: [
      { name: "payload", type: "string", native_type: "jsonb", nullable: true },
      { name: "kind", type: "string", native_type: "text", nullable: true },
    ],
    primary_key: [],
    cursor_candidates: [],
    row_estimate: null,
    foreign_keys: [],
  },
];
