import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { typeFast } from "../../test/typeFast";
import { useState } from "react";
import { Button } from "@mantine/core";
import { CreateTokenModal } from "./CreateTokenModal";
import { renderWithQuery } from "../../test/render";
import { ApiError } from "../../api/client";

const create = vi.fn();
vi.mock("../../api/tokens", async (importOriginal) => {
  const { useMutation } = await import("@tanstack/react-query");
  const actual = await importOriginal<typeof import("../../api/tokens")>();
  return { ...actual, useCreateToken: () => useMutation({ mutationFn: create }) };
});

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Open</Button>
      <CreateTokenModal opened={open} onClose={() => setOpen(false)} />
    </>
  );
}

const SECRET = "sl_live_0123456789abcdefghijklmnopqrstuv";

describe("CreateTokenModal", () => {
  beforeEach(() => create.mockReset());
  it("shows the secret once, with a copy button, and forgets it when closed", async () => {
    create.mockResolvedValueOnce({ id: 1, name: "CI deploy", prefix: SECRET.slice(0, 10), created_at: "2026-03-02T10:00:00Z", last_used_at: null, expires_at: null, token: SECRET });
    renderWithQuery(<Harness />);
    await userEvent.click(screen.getByRole("button", { name: "Open" }));
    await userEvent.click(await screen.findByRole("button", { name: "Create token" }));
    expect(await screen.findByText(/Name the token/)).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();

    await typeFast(screen.getByRole("textbox", { name: /Token name/ }), "CI deploy");
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect(create.mock.calls[0][0]).toMatchObject({ name: "CI deploy", expires_at: expect.any(String) });
    expect(await screen.findByTestId("token-secret")).toHaveTextContent(SECRET);
    expect(screen.getByText("Copy it now: you won't see it again")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy token" })).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`Authorization: Bearer ${SECRET}`))).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "I have copied it" }));
    await waitFor(() => expect(screen.queryByTestId("token-secret")).toBeNull());
    await userEvent.click(screen.getByRole("button", { name: "Open" }));
    expect(await screen.findByRole("textbox", { name: /Token name/ })).toHaveValue("");
    expect(screen.queryByText(SECRET)).toBeNull();
  });

  it("asks for a future date when the expiry is custom, and shows the server's detail", async () => {
    create.mockRejectedValueOnce(new ApiError(422, "the expiry must be in the future", "expires_at"));
    renderWithQuery(<Harness />);
    await userEvent.click(screen.getByRole("button", { name: "Open" }));
    await typeFast(await screen.findByRole("textbox", { name: /Token name/ }), "nightly");
    await userEvent.click(screen.getByRole("combobox", { name: "Expires" }));
    await userEvent.click(await screen.findByRole("option", { name: "On a date…", hidden: true }));
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect(await screen.findByText("Pick the day the token stops working")).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("combobox", { name: "Expires" }));
    await userEvent.click(await screen.findByRole("option", { name: "Never", hidden: true }));
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect(create.mock.calls[0][0]).toEqual({ name: "nightly", expires_at: null });
    expect(await screen.findByText("the expiry must be in the future")).toBeInTheDocument();
    expect(screen.queryByTestId("token-secret")).toBeNull();
  });
});
