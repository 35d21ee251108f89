"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Alert, Button, Dialog, TextField } from "@/components/ui";
import { describeApiError } from "@/lib/errors";

import { useCreateGroupMutation } from "../api";
import { conversationPath } from "../paths";
import { FriendPicker, useSelection } from "./FriendPicker";

/** A new group: a name, and friends picked from your list. You are its admin. */
export function NewGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New group"
      description="Name it, and pick the friends to add. You'll be its admin."
      className="max-w-lg"
    >
      {open ? <NewGroupForm onDone={onClose} /> : null}
    </Dialog>
  );
}

function NewGroupForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const { selected, toggle } = useSelection();
  const [createGroup, { isLoading, error }] = useCreateGroupMutation();
  const router = useRouter();
  const pickError = error ? describeApiError(error) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError("Give the group a name.");
      return;
    }
    if (selected.size === 0) return;
    try {
      const group = await createGroup({ name: name.trim(), member_ids: [...selected] }).unwrap();
      onDone();
      router.push(conversationPath(group.id));
    } catch (problem) {
      const fields = describeApiError(problem).fields;
      if (fields.name) setNameError(fields.name);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-5" noValidate>
      <TextField
        label="Group name"
        name="name"
        value={name}
        onChange={(value) => {
          setName(value);
          setNameError(undefined);
        }}
        error={nameError}
        maxLength={100}
        autoComplete="off"
      />
      <FriendPicker label="Friends to add" selected={selected} onToggle={toggle} />
      {pickError && !pickError.fields.name ? (
        <Alert tone="danger" role="alert">
          {pickError.message}
        </Alert>
      ) : null}
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-muted" aria-live="polite">
          {selected.size === 0
            ? "Pick at least one friend."
            : `${selected.size} ${selected.size === 1 ? "friend" : "friends"} picked`}
        </p>
        <Button type="submit" loading={isLoading} aria-disabled={selected.size === 0 || undefined}>
          Create group
        </Button>
      </div>
    </form>
  );
}
