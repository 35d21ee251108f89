"use client";

import { useEffect, useRef } from "react";

import { Button, PencilIcon } from "@/components/ui";
import type { UserMe } from "@/lib/api-schema";

import { AvatarUploader } from "./AvatarUploader";
import { ProfileCard } from "./ProfileCard";

/** The student's profile as classmates will see it, with the way to change it. */
export function ProfileOverview({
  me,
  onEdit,
  focusEdit = false,
}: {
  me: UserMe;
  onEdit: () => void;
  focusEdit?: boolean;
}) {
  const editButton = useRef<HTMLButtonElement>(null);
  // Back from the editor: focus returns to the button that opened it.
  useEffect(() => {
    if (focusEdit) editButton.current?.focus();
  }, [focusEdit]);
  return (
    <ProfileCard
      student={me}
      avatar={<AvatarUploader me={me} variant="overlay" />}
      actions={
        <Button ref={editButton} variant="secondary" icon={<PencilIcon className="size-4" />} onClick={onEdit}>
          Edit profile
        </Button>
      }
      emptyBio={
        <p>
          No bio yet.{" "}
          <button
            type="button"
            onClick={onEdit}
            className="font-semibold text-primary underline-offset-4 hover:underline"
          >
            Say hello to your classmates
          </button>
        </p>
      }
      emptyInterests={<p className="text-sm text-subtle">Add a few interests so people with the same ones find you.</p>}
    />
  );
}
