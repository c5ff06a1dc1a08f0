import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from "@tanstack/react-router";
import { StatePanel } from "./StatePanel";
import { renderWithQuery } from "../../test/render";
import { ApiError } from "../../api/client";
import type { PipelineState } from "../../api/pipelines";

const current: PipelineState = {
  pipeline_id: 1,
  streams: [
    { stream: "public.orders", state: { cursor_field: "id", cursor: 300000 }, job_id: 4, state_id: 20, updated_at: new Date().toISOString() },
    { stream: "public.users", state: null, job_id: null, state_id: 21, updated_at: new Date().toISOString() },
  ],
};
const reset = vi.fn();

vi.mock("../../api/pipelines", async (importOriginal) => {
  const { useMutation } = await import("@tanstack/react-query");
  const actual = await importOriginal<typeof import("../../api/pipelines")>();
  return {
    ...actual,
    pipelineStateQuery: (id: number) => ({ queryKey: ["pipelines", "state", id, "current"], queryFn: async () => current }),
    pipelineStateHistoryQuery: (id: number) => ({
      queryKey: ["pipelines", "state", id, "history"],
      queryFn: async () => ({ pipeline_id: id, streams: [current.streams[1], current.streams[0], { ...current.streams[0], state: { cursor_field: "id", cursor: 150000 }, state_id: 19 }] }),
    }),
    useResetState: () => useMutation({ mutationFn: reset }),
  };
});

function renderPanel() {
  const rootRoute = createRootRoute({
    component: () => (
      <StatePanel pipelineId={1} running={false} streams={[
        { name: "public.orders", sync_mode: "incremental" },
        { name: "public.events", sync_mode: "incremental" },
        { name: "public.customers", sync_mode: "full_refresh" },
      ]} />
    ),
  });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: ["/"] }) });
  return renderWithQuery(<RouterProvider router={router} />);
}

describe("StatePanel", () => {
  beforeEach(() => reset.mockReset());

  it("shows each stream's position readably, reset streams, and streams never synced", async () => {
    renderPanel();
    const rows = await screen.findAllByTestId("state-row");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent("public.orders");
    expect(rows[0]).toHaveTextContent("id up to 300,000");
    expect(within(rows[0]).getByRole("link", { name: "Job #4" })).toHaveAttribute("href", "/jobs/4");
    expect(rows[1]).toHaveTextContent("Full re-sync next run");
    expect(rows[1]).toHaveTextContent("Reset");
    expect(within(rows[1]).getByRole("button", { name: "Reset state of public.users" })).toBeDisabled();
    expect(rows[2]).toHaveTextContent("public.events");
    expect(rows[2]).toHaveTextContent("Not synced yet");
    expect(screen.queryByText("public.customers")).toBeNull();
  });

  it("confirms a reset, explains the full re-read, and shows the server's 409 detail", async () => {
    reset.mockRejectedValueOnce(new ApiError(409, "a job is running: cancel it before resetting the state"));
    renderPanel();
    await userEvent.click(await screen.findByRole("button", { name: "Reset state of public.orders" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("re-reads it from the beginning");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reset stream" }));
    expect(reset.mock.calls[0][0]).toEqual(["public.orders"]);
    expect(await within(dialog).findByText("a job is running: cancel it before resetting the state")).toBeInTheDocument();
  });

  it("lists the history newest first and offers to roll back to older rows", async () => {
    renderPanel();
    await screen.findAllByTestId("state-row");
    await userEvent.click(screen.getByText("History"));
    const rows = await screen.findAllByTestId("state-history-row");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent("Current");
    expect(rows[1]).toHaveTextContent("Current");
    expect(rows[2]).toHaveTextContent("id up to 150,000");
    expect(within(rows[2]).getByRole("button", { name: "Roll public.orders back to state 19" })).toBeInTheDocument();
  });
});
