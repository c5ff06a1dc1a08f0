import { describe, expect, it } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { typeFast } from "../../test/typeFast";
import { useState } from "react";
import { AdvancedSettings, advancedSummary } from "./AdvancedSettings";
import { defaultAdvanced, validateAdvanced, type AdvancedDraft } from "../../lib/pipelineAdvanced";
import { renderUi } from "../../test/render";

function Harness({ initial = defaultAdvanced(), open = true }: { initial?: AdvancedDraft; open?: boolean }) {
  const [value, setValue] = useState(initial);
  const [opened, setOpened] = useState(open);
  const issues = Object.fromEntries(Object.entries(validateAdvanced(value)).map(([k, v]) => [`advanced.${k}`, v]));
  return (
    <>
      <AdvancedSettings value={value} onChange={(p) => setValue((v) => ({ ...v, ...p }))} issues={issues} opened={opened} onOpenedChange={setOpened} />
      <output data-testid="value">{JSON.stringify(value)}</output>
    </>
  );
}
const current = () => JSON.parse(screen.getByTestId("value").textContent!) as AdvancedDraft;

describe("AdvancedSettings", () => {
  it("is folded with a one-line summary and opens from its header", async () => {
    renderUi(<Harness open={false} />);
    const header = screen.getByRole("button", { name: /Advanced/ });
    expect(header).toHaveAttribute("aria-expanded", "false");
    expect(header).toHaveTextContent("schema evolves · 2 parallel streams · 3 attempts · no webhook");
    await userEvent.click(header);
    expect(header).toHaveAttribute("aria-expanded", "true");
    // the panel becomes visible at the end of its open transition
    expect(await screen.findByRole("radio", { name: /Freeze/ }, { timeout: 10_000 })).toBeInTheDocument();
  });

  it("explains each drift policy in one line and switches it", async () => {
    renderUi(<Harness />);
    expect(screen.getByText(/New source columns are added to the destination/)).toBeInTheDocument();
    expect(screen.getByText(/a run that would add or widen one fails instead/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: /Freeze/ }));
    expect(current().drift_policy).toBe("freeze");
  });

  it("validates the numbers against the server's limits and describes the retries", async () => {
    renderUi(<Harness />);
    const parallel = screen.getByRole("textbox", { name: "Parallel streams" });
    await userEvent.clear(parallel);
    await typeFast(parallel, "40");
    expect(screen.getByText("Parallel streams: must be between 1 and 32")).toBeInTheDocument();
    await userEvent.clear(parallel);
    expect(screen.getByText("Parallel streams: enter a number from 1 to 32")).toBeInTheDocument();
    await typeFast(parallel, "8");
    expect(current().max_parallel_streams).toBe(8);
    const attempts = screen.getByRole("textbox", { name: "Attempts" });
    await userEvent.clear(attempts);
    await typeFast(attempts, "4");
    expect(screen.getByTestId("retry-summary")).toHaveTextContent("retried up to 3 times, after 10 s, 20 s, 40 s");
  });

  it("wants an http(s) webhook before it can notify on success", async () => {
    renderUi(<Harness />);
    const notify = screen.getByRole("switch", { name: /^Also notify on success/ });
    expect(notify).toBeDisabled();
    const url = screen.getByRole("textbox", { name: "Failure webhook URL" });
    await typeFast(url, "hooks.slack.com/services/T0/B0/x");
    expect(screen.getByText("Webhook: enter an http:// or https:// URL")).toBeInTheDocument();
    await userEvent.clear(url);
    await typeFast(url, "https://hooks.slack.com/services/T0/B0/x");
    expect(screen.queryByText(/enter an http/)).toBeNull();
    expect(notify).toBeEnabled();
    await userEvent.click(notify);
    expect(current()).toMatchObject({ webhook_url: "https://hooks.slack.com/services/T0/B0/x", notify_on_success: true });
    expect(advancedSummary(current())).toContain("notifies hooks.slack.com");
  });
});
