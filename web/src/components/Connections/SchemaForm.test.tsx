import { describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { SchemaForm } from "./SchemaForm";
import { fieldsFromSchema, initialValues, type FormValues } from "../../lib/schemaForm";
import { postgresSchema } from "../../test/fixtures";
import { renderUi } from "../../test/render";

const fields = fieldsFromSchema(postgresSchema, ["password"]);

function Harness({ editing, onValues }: { editing: boolean; onValues?: (v: FormValues) => void }) {
  const [values, setValues] = useState(() => initialValues(fields, editing ? { host: "db", password: "********" } : undefined));
  return (
    <SchemaForm
      fields={fields}
      values={values}
      errors={{ database: "Database is required" }}
      editing={editing}
      onChange={(name, value) => {
        const next = { ...values, [name]: value };
        setValues(next);
        onValues?.(next);
      }}
    />
  );
}

describe("SchemaForm", () => {
  it("renders labelled inputs, a password input for secrets and the field errors", () => {
    renderUi(<Harness editing={false} />);
    expect(screen.getByRole("textbox", { name: /^Host/ })).toHaveValue("");
    const password = screen.getByLabelText(/^Password/, { selector: "input" });
    expect(password).toHaveAttribute("type", "password");
    expect(screen.getByText("Database is required")).toBeInTheDocument();
  });

  it("never prefills a secret when editing and says how to keep it", () => {
    renderUi(<Harness editing />);
    const password = screen.getByLabelText(/^Password/, { selector: "input" });
    expect(password).toHaveValue("");
    expect(password).toHaveAttribute("placeholder", "Leave empty to keep the stored value");
    expect(screen.getByRole("textbox", { name: /^Host/ })).toHaveValue("db");
  });

  it("reports typed values and hides advanced settings until asked", async () => {
    const seen = vi.fn();
    renderUi(<Harness editing={false} onValues={seen} />);
    await userEvent.type(screen.getByRole("textbox", { name: /^Host/ }), "pg");
    expect(seen).toHaveBeenLastCalledWith(expect.objectContaining({ host: "pg" }));
    const toggle = screen.getByRole("button", { name: /Advanced settings/ });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
  });
});
