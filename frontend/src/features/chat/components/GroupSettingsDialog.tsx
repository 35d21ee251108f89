"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import {
  Avatar,
  Badge,
  Button,
  ConfirmDialog,
  Dialog,
  LogOutIcon,
  TextField,
  UserPlusIcon,
  useToast,
} from "@/components/ui";
import { fullName } from "@/features/friends";
import { describeApiError } from "@/lib/errors";

import { useAddMembersMutation, useRemoveMemberMutation, useRenameGroupMutation } from "../api";
import { CHATS_PATH } from "../paths";
import { FriendPicker, useSelection } from "./FriendPicker";
import type { Conversation, ConversationMember } from "../types";

function RenameForm({ conversation }: { conversation: Conversation }) {
  const [name, setName] = useState(conversation.name ?? "");
  const [rename, { isLoading }] = useRenameGroupMutation();
  const [error, setError] = useState<string | undefined>();
  const toast = useToast();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError("Give the group a name.");
    try {
      await rename({ id: conversation.id, name: name.trim() }).unwrap();
      toast({ title: "Group renamed", tone: "success" });
    } catch (problem) {
      const described = describeApiError(problem);
      setError(described.fields.name ?? described.message);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="flex items-end gap-2" noValidate>
      <TextField
        label="Group name"
        name="name"
        value={name}
        onChange={(value) => {
          setName(value);
          setError(undefined);
        }}
        error={error}
        maxLength={100}
        className="flex-1"
        autoComplete="off"
      />
      <Button type="submit" variant="secondary" loading={isLoading} disabled={name.trim() === conversation.name}>
        Rename
      </Button>
    </form>
  );
}

function AddMembers({ conversation }: { conversation: Conversation }) {
  const [open, setOpen] = useState(false);
  const { selected, toggle, clear } = useSelection();
  const [addMembers, { isLoading }] = useAddMembersMutation();
  const toast = useToast();
  if (!open)
    return (
      <Button variant="soft" size="sm" icon={<UserPlusIcon className="size-4" />} onClick={() => setOpen(true)}>
        Add friends
      </Button>
    );
  return (
    <div className="space-y-3 rounded-xl border border-border p-3">
      <FriendPicker
        label="Friends to add"
        selected={selected}
        onToggle={toggle}
        exclude={conversation.members.map((m) => m.user.id)}
      />
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={() => (clear(), setOpen(false))}>
          Cancel
        </Button>
        <Button
          size="sm"
          loading={isLoading}
          disabled={selected.size === 0}
          onClick={async () => {
            try {
              await addMembers({ id: conversation.id, userIds: [...selected] }).unwrap();
              clear();
              setOpen(false);
            } catch (problem) {
              toast({ title: "Not added", description: describeApiError(problem).message, tone: "error" });
            }
          }}
        >
          Add {selected.size > 0 ? selected.size : ""}
        </Button>
      </div>
    </div>
  );
}

/** A group's name, members and admins; admins rename, add and remove; anyone leaves. */
export function GroupSettingsDialog({
  conversation,
  myId,
  open,
  onClose,
}: {
  conversation: Conversation;
  myId: string | undefined;
  open: boolean;
  onClose: () => void;
}) {
  const me = conversation.members.find((m) => m.user.id === myId);
  const admin = me?.role === "admin";
  const [removing, setRemoving] = useState<ConversationMember | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [removeMember] = useRemoveMemberMutation();
  const router = useRouter();
  const toast = useToast();

  const remove = async (member: ConversationMember, isLeaving: boolean) => {
    try {
      await removeMember({ id: conversation.id, userId: member.user.id, leaving: isLeaving }).unwrap();
      if (isLeaving) {
        onClose();
        router.replace(CHATS_PATH);
        toast({ title: `You left ${conversation.name ?? "the group"}`, tone: "success" });
      }
    } catch (problem) {
      toast({
        title: isLeaving ? "You're still in the group" : "Not removed",
        description: describeApiError(problem).message,
        tone: "error",
      });
    }
  };

  return (
    <>
      <Dialog
        open={open && !removing && !leaving}
        onClose={onClose}
        title="Group settings"
        description={`${conversation.members.length} members`}
        className="max-w-lg"
      >
        <div className="space-y-6">
          {admin ? <RenameForm conversation={conversation} /> : null}
          <section aria-labelledby="group-members">
            <div className="mb-2 flex items-center justify-between gap-2">
              <h3 id="group-members" className="text-sm font-semibold text-foreground">
                Members
              </h3>
              {admin ? <AddMembers conversation={conversation} /> : null}
            </div>
            <ul aria-label="Members" className="divide-y divide-border rounded-xl border border-border">
              {conversation.members.map((member) => {
                const name = fullName(member.user);
                const self = member.user.id === myId;
                return (
                  <li key={member.user.id} className="flex items-center gap-3 px-3 py-2">
                    <Avatar name={name} src={member.user.avatar_url} size="sm" />
                    <span className="min-w-0 flex-1 truncate text-sm font-medium text-foreground">
                      {name}
                      {self ? <span className="text-muted"> (you)</span> : null}
                    </span>
                    {member.role === "admin" ? <Badge tone="brand">Admin</Badge> : null}
                    {admin && !self ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Remove ${name} from the group`}
                        onClick={() => setRemoving(member)}
                      >
                        Remove
                      </Button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
          <Button variant="danger" icon={<LogOutIcon className="size-4" />} onClick={() => setLeaving(true)}>
            Leave group
          </Button>
        </div>
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={removing ? `Remove ${fullName(removing.user)}?` : ""}
        description="They'll no longer see the group or its messages. An admin can add them again."
        confirmLabel="Remove"
        onConfirm={() => {
          const member = removing;
          setRemoving(null);
          if (member) void remove(member, false);
        }}
      />
      <ConfirmDialog
        open={leaving}
        onClose={() => setLeaving(false)}
        title={`Leave ${conversation.name ?? "the group"}?`}
        description={
          admin && conversation.members.filter((m) => m.role === "admin").length === 1
            ? "You're its only admin: the member who joined first becomes admin. You'll need to be added again to come back."
            : "You'll no longer see its messages. A member who is an admin can add you again."
        }
        confirmLabel="Leave"
        onConfirm={() => {
          setLeaving(false);
          if (me) void remove(me, true);
        }}
      />
    </>
  );
}
