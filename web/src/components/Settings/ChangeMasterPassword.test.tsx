import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { typeFast } from "../../test/typeFast";
import { ChangeMasterPassword } from "./ChangeMasterPassword";
import { renderWithQuery } from "../../test/render";
import { ApiError } from "../../api/client";

const change = vi.fn();
vi.mock("../../api/system", async (importOriginal) => {
  const { useMutation } = await import("@tanstack/react-query");
  const actual = await importOriginal<typeof import("../../api/system")>();
  return { ...actual, useChangeMasterPassword: () => useMutation({ mutationFn: change }) };
});

const NEW = "violet otter marble canyon";
const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}`), { selector: "input" });

describe("ChangeMasterPassword", () => {
  beforeEach(() => change.mockReset());
  it("explains the re-wrap and checks strength and confirmation before sending", async () => {
    renderWithQuery(<ChangeMasterPassword />);
    expect(screen.getByText("Your stored credentials are not re-encrypted")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Change master password" }));
    expect(screen.getByText("Enter the current master password")).toBeInTheDocument();
    await typeFast(field("Current master password"), "correct horse battery staple");
    await typeFast(field("New master password"), "password");
    expect(screen.getByTestId("strength-label")).toHaveTextContent(/weak/i);
    await userEvent.click(screen.getByRole("button", { name: "Change master password" }));
    expect(screen.getByText(/Too weak/)).toBeInTheDocument();
    await userEvent.clear(field("New master password"));
    await typeFast(field("New master password"), NEW);
    await typeFast(field("Repeat new master password"), NEW + "!");
    await userEvent.click(screen.getByRole("button", { name: "Change master password" }));
    expect(screen.getByText("The passwords do not match")).toBeInTheDocument();
    expect(change).not.toHaveBeenCalled();
  });

  it("shows a wrong current password on its field, then sends the change", async () => {
    change.mockRejectedValueOnce(new ApiError(401, "the current master password is wrong"));
    change.mockResolvedValueOnce({ initialized: true, locked: false });
    renderWithQuery(<ChangeMasterPassword />);
    await typeFast(field("Current master password"), "not it");
    await typeFast(field("New master password"), NEW);
    await typeFast(field("Repeat new master password"), NEW);
    await userEvent.click(screen.getByRole("button", { name: "Change master password" }));
    expect(await screen.findByText("the current master password is wrong")).toBeInTheDocument();
    await userEvent.clear(field("Current master password"));
    await typeFast(field("Current master password"), "correct horse battery staple");
    await userEvent.click(screen.getByRole("button", { name: "Change master password" }));
    expect(change.mock.calls[1][0]).toEqual({ current_password: "correct horse battery staple", new_password: NEW });
    await waitFor(() => expect(field("Current master password")).toHaveValue(""));
  });
});
