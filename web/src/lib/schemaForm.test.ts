// @vitest-environment node
import { describe, expect, it } from "vitest";
import { buildConfig, fieldsFromSchema, initialValues, splitAdvanced, validateValues } from "./schemaForm";
import { postgresSchema } from "../test/fixtures";

const fields = fieldsFromSchema(postgresSchema, ["password"]);
const byName = Object.fromEntries(fields.map((f) => [f.name, f]));

describe("fieldsFromSchema", () => {
  it("maps JSON Schema types to inputs, keeping order, labels and required", () => {
    expect(fields.map((f) => f.name)).toEqual(["host", "port", "database", "username", "password", "sslmode", "schemas", "fail_after_rows", "header"]);
    expect(byName.host).toMatchObject({ kind: "string", required: true, label: "Host", description: "Server host name or IP address." });
    expect(byName.port).toMatchObject({ kind: "integer", required: false, default: 5432, minimum: 1, maximum: 65535 });
    expect(byName.sslmode).toMatchObject({ kind: "enum", options: ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] });
    expect(byName.header.kind).toBe("boolean");
  });

  it("treats secret_fields and writeOnly/password formats as password inputs", () => {
    expect(byName.password).toMatchObject({ kind: "password", secret: true });
    const viaFormat = fieldsFromSchema({ properties: { token: { type: "string", format: "password" } } });
    expect(viaFormat[0].kind).toBe("password");
  });

  it("unwraps anyOf [X, null] into a nullable X", () => {
    expect(byName.schemas).toMatchObject({ kind: "list", nullable: true });
    expect(byName.fail_after_rows).toMatchObject({ kind: "integer", nullable: true, minimum: 0 });
  });
});

describe("initialValues", () => {
  it("uses schema defaults for a new connection", () => {
    const v = initialValues(fields);
    expect(v).toMatchObject({ host: "", port: 5432, sslmode: "prefer", schemas: "", header: true, password: "" });
  });

  it("fills the existing config but never prefills a secret", () => {
    const v = initialValues(fields, { host: "db", port: 6543, password: "********", schemas: ["a", "b"] });
    expect(v.host).toBe("db");
    expect(v.port).toBe(6543);
    expect(v.password).toBe("");
    expect(v.schemas).toBe("a, b");
  });
});

describe("validateValues", () => {
  it("requires required fields and checks numbers against the schema", () => {
    const v = { ...initialValues(fields), port: 70000 };
    const errors = validateValues(fields, v, false);
    expect(errors.host).toMatch(/required/);
    expect(errors.database).toMatch(/required/);
    expect(errors.port).toMatch(/at most 65535/);
    expect(errors.password).toBeUndefined();
  });

  it("does not require a stored secret again when editing", () => {
    const required = fieldsFromSchema({ properties: { key: { type: "string", writeOnly: true } }, required: ["key"] });
    expect(validateValues(required, { key: "" }, false).key).toMatch(/required/);
    expect(validateValues(required, { key: "" }, true).key).toBeUndefined();
  });
});

describe("buildConfig", () => {
  const filled = { ...initialValues(fields), host: "db", database: "shop", username: "me", schemas: "public, sales" };

  it("converts values to the schema's types", () => {
    const c = buildConfig(fields, { ...filled, password: "s3cret" }, false);
    expect(c).toMatchObject({ host: "db", port: 5432, password: "s3cret", schemas: ["public", "sales"], header: true });
    expect(c).not.toHaveProperty("fail_after_rows");
  });

  it("leaves an empty secret out when editing, so the stored one is kept", () => {
    const c = buildConfig(fields, filled, true);
    expect(c).not.toHaveProperty("password");
  });

  it("sends null for a cleared nullable field when editing", () => {
    const c = buildConfig(fields, { ...filled, schemas: "" }, true);
    expect(c.schemas).toBeNull();
    expect(c.fail_after_rows).toBeNull();
  });
});

describe("splitAdvanced", () => {
  it("keeps required, secret and connection fields up front", () => {
    const { main, advanced } = splitAdvanced(fields);
    expect(main.map((f) => f.name)).toEqual(expect.arrayContaining(["host", "port", "database", "username", "password"]));
    expect(advanced.map((f) => f.name)).toEqual(expect.arrayContaining(["sslmode", "header"]));
  });
});
