"use client";

import { useRef, useState } from "react";

import { BanIcon, ConfirmDialog, Menu, MenuButton, MoreIcon, UserMinusIcon } from "@/components/ui";
import type { UserPublic } from "@/lib/api-schema";

import { useFriendshipActions } from "../hooks/useFriendshipActions";
import { fullName } from "../paths";

/**
 * The rarer things to do about a student, behind a "more" button: unfriend (friends only)
 * and block. Both ask first, because neither can be simply taken back.
 */
export function StudentMenu({
  student,
  onGone,
  size = "sm",
}: {
  student: UserPublic;
  size?: "sm" | "md";
  /** After unfriending or blocking, where this menu's row may vanish: move the focus somewhere stable. */
  onGone?: () => void;
}) {
  const actions = useFriendshipActions();
  const [confirming, setConfirming] = useState<"unfriend" | "block" | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const name = fullName(student);

  const close = () => {
    setConfirming(null);
    // The menu item that opened the dialog is gone: give the focus back to the menu button.
    container.current?.querySelector<HTMLElement>("button[aria-haspopup]")?.focus();
  };

  return (
    <div ref={container} className="relative z-10">
      <Menu
        label={`More actions for ${name}`}
        triggerClassName={`${size === "md" ? "size-11" : "size-9"} flex items-center justify-center rounded-xl border border-border-strong bg-surface text-foreground hover:bg-surface-muted`}
        trigger={<MoreIcon className="size-5" />}
      >
        {student.friendship_status === "friends" ? (
          <MenuButton icon={<UserMinusIcon className="size-[1.125rem]" />} onSelect={() => setConfirming("unfriend")}>
            Unfriend
          </MenuButton>
        ) : null}
        <MenuButton icon={<BanIcon className="size-[1.125rem]" />} onSelect={() => setConfirming("block")}>
          Block
        </MenuButton>
      </Menu>
      <ConfirmDialog
        open={confirming === "unfriend"}
        onClose={close}
        title={`Unfriend ${name}?`}
        description={`You'll no longer be friends. To be friends again, one of you sends a new request and the other accepts it.`}
        confirmLabel="Unfriend"
        onConfirm={() => {
          // Optimistic: the change shows at once, so there is nothing to wait for here.
          close();
          void actions.unfriend(student);
          onGone?.();
        }}
      />
      <ConfirmDialog
        open={confirming === "block"}
        onClose={close}
        title={`Block ${name}?`}
        description={`You won't see each other in search, suggestions or profiles, your friendship and any request between you end, and neither of you can message the other. ${student.first_name} isn't told. You can unblock from Friends › Blocked.`}
        confirmLabel="Block"
        onConfirm={() => {
          close();
          void actions.block(student);
          onGone?.();
        }}
      />
    </div>
  );
}
