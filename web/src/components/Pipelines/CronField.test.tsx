import { describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { CronField } from "./CronField";
import { renderUi } from "../../test/render";

const now = new Date("2026-03-02T10:15:00Z");

function Harness({ initial = "", spy }: { initial?: string; spy?: (v: string) => void }) {
  const [value, setValue] = useState(initial);
  const [tz, setTz] = useState("UTC");
  return <CronField value={value} timezone={tz} now={now} onChange={(v) => { setValue(v); spy?.(v); }} onTimezoneChange={setTz} />;
}

describe("CronField", () => {
  it("shows a readable preview and the next runs", () => {
    renderUi(<Harness initial="30 6 * * 1" />);
    const preview = screen.getByTestId("cron-preview");
    expect(preview).toHaveTextContent("At 06:30, only on Monday");
    expect(preview).toHaveTextContent(/Next: .*Mar/);
  });

  it("shows the error for an invalid expression instead of a preview", async () => {
    renderUi(<Harness />);
    await userEvent.type(screen.getByRole("textbox", { name: /Cron schedule/ }), "0 2 * *");
    expect(screen.getByText(/5 fields/)).toBeInTheDocument();
    expect(screen.queryByTestId("cron-preview")).toBeNull();
  });

  it("fills the field from a preset", async () => {
    const spy = vi.fn();
    renderUi(<Harness spy={spy} />);
    await userEvent.click(screen.getByText("Hourly"));
    expect(spy).toHaveBeenCalledWith("0 * * * *");
    expect(screen.getByTestId("cron-preview")).toHaveTextContent("Every hour");
  });
});
