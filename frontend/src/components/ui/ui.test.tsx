import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { Avatar } from "./Avatar";
import { Button } from "./Button";
import { Dialog } from "./Dialog";
import { EmptyState } from "./EmptyState";
import { Menu, MenuButton, MenuLink } from "./Menu";
import { PasswordField, TextField } from "./TextField";
import { ToastProvider, useToast } from "./Toast";

describe("Button", () => {
  it("keeps its name and size while loading, and cannot be pressed twice", async () => {
    const onClick = vi.fn();
    render(
      <Button loading onClick={onClick}>
        Save profile
      </Button>,
    );
    const button = screen.getByRole("button", { name: "Save profile" });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute("aria-busy", "true");
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });
});

describe("TextField", () => {
  it("is labelled, and its error is announced and describes the input", () => {
    const { rerender } = render(
      <TextField label="E-mail" name="email" value="" onChange={() => {}} hint="Your university address." />,
    );
    const input = screen.getByLabelText("E-mail");
    expect(input).toHaveAttribute("aria-invalid", "false");
    expect(input).toHaveAccessibleDescription("Your university address.");

    rerender(
      <TextField
        label="E-mail"
        name="email"
        value="x"
        onChange={() => {}}
        hint="Your university address."
        error="Enter a valid e-mail."
      />,
    );
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("Your university address. Enter a valid e-mail.");
    const live = screen.getByText("Enter a valid e-mail.").closest("[aria-live]");
    expect(live).toHaveAttribute("aria-live", "polite");
  });

  it("reports typed text as a value", async () => {
    const onChange = vi.fn();
    render(<TextField label="First name" name="first_name" value="" onChange={onChange} />);
    await userEvent.type(screen.getByLabelText("First name"), "A");
    expect(onChange).toHaveBeenCalledWith("A");
  });
});

describe("PasswordField", () => {
  it("shows and hides the password", async () => {
    render(<PasswordField label="Password" name="password" value="secret123" onChange={() => {}} />);
    const input = screen.getByLabelText("Password", { selector: "input" });
    expect(input).toHaveAttribute("type", "password");
    await userEvent.click(screen.getByRole("button", { name: "Show password" }));
    expect(input).toHaveAttribute("type", "text");
    await userEvent.click(screen.getByRole("button", { name: "Hide password" }));
    expect(input).toHaveAttribute("type", "password");
  });
});

describe("Avatar", () => {
  it("shows initials when there is no photo", () => {
    render(<Avatar name="Ada Lovelace" alt="Ada Lovelace" />);
    expect(screen.getByRole("img", { name: "Ada Lovelace" })).toHaveTextContent("AL");
  });

  it("shows the photo, and falls back to initials if it fails to load", () => {
    const { container } = render(<Avatar name="Grace Brewster Hopper" src="http://api.test/media/a.webp" />);
    const img = container.querySelector("img");
    expect(img).toHaveAttribute("src", "http://api.test/media/a.webp");
    fireEvent.error(img!);
    expect(container.querySelector("img")).toBeNull();
    expect(container).toHaveTextContent("GH");
  });
});

describe("Dialog", () => {
  function Harness({ onClose }: { onClose: () => void }) {
    return (
      <Dialog open onClose={onClose} title="Change your password" description="Other devices are logged out.">
        <button type="button">Inside</button>
      </Dialog>
    );
  }

  it("is a named modal dialog that closes with its button or Escape", () => {
    const onClose = vi.fn();
    render(<Harness onClose={onClose} />);
    const dialog = screen.getByRole("dialog", { name: "Change your password" });
    expect(dialog).toHaveAccessibleDescription("Other devices are logged out.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    fireEvent(dialog, new Event("cancel", { cancelable: true }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});

describe("Menu", () => {
  function AccountMenu({ onLogout }: { onLogout: () => void }) {
    return (
      <Menu label="Account menu" trigger="Ada">
        <MenuLink href="/profile">Your profile</MenuLink>
        <MenuButton onSelect={onLogout}>Log out</MenuButton>
      </Menu>
    );
  }

  it("opens from the keyboard on the first item, moves with arrows, closes with Escape", async () => {
    const user = userEvent.setup();
    render(<AccountMenu onLogout={() => {}} />);
    const button = screen.getByRole("button", { name: "Account menu" });
    expect(button).toHaveAttribute("aria-expanded", "false");

    button.focus();
    await user.keyboard("{ArrowDown}");
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByRole("menuitem", { name: "Your profile" })).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("menuitem", { name: "Log out" })).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("menuitem", { name: "Your profile" })).toHaveFocus();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(button).toHaveFocus();
  });

  it("runs an item's action and closes", async () => {
    const onLogout = vi.fn();
    render(<AccountMenu onLogout={onLogout} />);
    await userEvent.click(screen.getByRole("button", { name: "Account menu" }));
    await userEvent.click(screen.getByRole("menuitem", { name: "Log out" }));
    expect(onLogout).toHaveBeenCalledOnce();
    expect(screen.queryByRole("menu")).toBeNull();
  });
});

describe("Toast", () => {
  function Saver() {
    const toast = useToast();
    return (
      <>
        <button type="button" onClick={() => toast({ title: "Profile saved", tone: "success" })}>
          Save
        </button>
        <button type="button" onClick={() => toast({ title: "Could not save", tone: "error" })}>
          Fail
        </button>
      </>
    );
  }

  it("announces confirmations politely and errors assertively, then goes away", async () => {
    vi.useFakeTimers();
    render(
      <ToastProvider>
        <Saver />
      </ToastProvider>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    fireEvent.click(screen.getByRole("button", { name: "Fail" }));
    expect(screen.getByText("Profile saved").closest("[aria-live]")).toHaveAttribute("aria-live", "polite");
    expect(screen.getByText("Could not save").closest("[aria-live]")).toHaveAttribute("aria-live", "assertive");

    act(() => vi.advanceTimersByTime(5000));
    expect(screen.queryByText("Profile saved")).toBeNull();
    vi.useRealTimers();
  });

  it("can be dismissed", async () => {
    render(
      <ToastProvider>
        <Saver />
      </ToastProvider>,
    );
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText("Profile saved")).toBeNull();
  });
});

describe("EmptyState", () => {
  it("says what is missing and what to do", () => {
    render(
      <EmptyState
        title="No chats yet"
        description="Add a friend to start one."
        action={<button type="button">Find classmates</button>}
      />,
    );
    expect(screen.getByRole("heading", { name: "No chats yet" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Find classmates" })).toBeInTheDocument();
  });
});
