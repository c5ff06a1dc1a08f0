import { describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { StreamsPanel } from "./StreamsPanel";
import { emptyDraft, type PipelineDraft, type StreamDraft } from "../../lib/pipelineDraft";
import { catalog } from "../../test/fixtures";
import { renderUi } from "../../test/render";

function Harness({ spy, issues = {} }: { spy?: (name: string, s: StreamDraft) => void; issues?: Record<string, string> }) {
  const [draft, setDraft] = useState<PipelineDraft>(emptyDraft());
  return (
    <StreamsPanel
      catalog={catalog}
      draft={draft}
      issues={issues}
      onStream={(name, s) => {
        spy?.(name, s);
        setDraft((d) => ({ ...d, streams: { ...d.streams, [name]: s } }));
      }}
    />
  );
}

describe("StreamsPanel", () => {
  it("lists every discovered stream with suggestions from discovery", () => {
    renderUi(<Harness />);
    expect(screen.getByText("0 of 2 selected")).toBeInTheDocument();
    const customers = screen.getByText("public.customers").closest("tr")!;
    expect(within(customers).getByRole("combobox", { name: "Sync mode of public.customers" })).toHaveValue("Incremental");
    expect(within(customers).getByRole("combobox", { name: "Cursor of public.customers" })).toHaveValue("created_at");
    expect(within(customers).getByText("~200 rows · table", { exact: false })).toBeInTheDocument();
    const events = screen.getByText("public.events").closest("tr")!;
    expect(within(events).getByRole("combobox", { name: "Sync mode of public.events" })).toHaveValue("Full refresh");
    expect(within(events).queryByRole("combobox", { name: "Cursor of public.events" })).toBeNull();
  });

  it("selects streams one by one or all at once", async () => {
    const spy = vi.fn();
    renderUi(<Harness spy={spy} />);
    await userEvent.click(screen.getByRole("checkbox", { name: "Copy public.events" }));
    expect(spy).toHaveBeenLastCalledWith("public.events", expect.objectContaining({ selected: true, sync_mode: "full_refresh" }));
    expect(screen.getByText("1 of 2 selected")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "Select every stream" }));
    expect(screen.getByText("2 of 2 selected")).toBeInTheDocument();
  });

  it("switching to full refresh hides the cursor", async () => {
    renderUi(<Harness />);
    await userEvent.click(screen.getByRole("checkbox", { name: "Copy public.customers" }));
    await userEvent.click(screen.getByRole("combobox", { name: "Sync mode of public.customers" }));
    const list = await screen.findByRole("listbox", { name: "Sync mode of public.customers", hidden: true });
    await userEvent.click(within(list).getByRole("option", { name: "Full refresh", hidden: true }));
    expect(screen.queryByRole("combobox", { name: "Cursor of public.customers" })).toBeNull();
  });
});
