"use client";

import { useId, useRef } from "react";

import { Avatar, Button, CameraIcon, ProgressBar, TrashIcon, useToast } from "@/components/ui";
import type { UserMe } from "@/lib/api-schema";
import { cn } from "@/lib/cn";
import { describeApiError } from "@/lib/errors";

import { useRemoveAvatarMutation } from "../api";
import { AVATAR_TYPES, useAvatarUpload } from "../hooks/useAvatarUpload";

interface AvatarUploaderProps {
  me: UserMe;
  /** `overlay`: a camera button on the big avatar; `panel`: the avatar with labelled buttons. */
  variant: "overlay" | "panel";
}

function UploadProgress({ progress }: { progress: number }) {
  const percent = Math.round(progress * 100);
  const circumference = 2 * Math.PI * 18;
  return (
    <span
      role="progressbar"
      aria-label="Uploading your photo"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className="absolute inset-0 flex items-center justify-center rounded-full bg-black/45 text-white"
    >
      <svg viewBox="0 0 40 40" className="size-14" aria-hidden="true">
        <circle cx="20" cy="20" r="18" fill="none" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
        <circle
          cx="20"
          cy="20"
          r="18"
          fill="none"
          stroke="currentColor"
          strokeWidth="3"
          strokeLinecap="round"
          strokeDasharray={circumference}
          strokeDashoffset={circumference * (1 - progress)}
          transform="rotate(-90 20 20)"
          className="transition-[stroke-dashoffset] duration-200"
        />
      </svg>
      <span className="absolute text-sm font-semibold tabular-nums">{percent}%</span>
    </span>
  );
}

/** The student's photo with a way to change it: preview at once, progress while it goes up. */
export function AvatarUploader({ me, variant }: AvatarUploaderProps) {
  const toast = useToast();
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();
  const { state, upload } = useAvatarUpload({
    onDone: () => toast({ title: "Photo updated", description: "Looking good!", tone: "success" }),
  });
  const [removeAvatar, removal] = useRemoveAvatarMutation();
  const name = `${me.first_name} ${me.last_name}`;
  const uploading = state.phase === "uploading";
  const src = uploading ? state.preview : me.avatar_url;

  const choose = () => inputRef.current?.click();

  const fileInput = (
    <input
      ref={inputRef}
      id={inputId}
      type="file"
      accept={AVATAR_TYPES.join(",")}
      className="sr-only"
      tabIndex={-1}
      aria-hidden="true"
      onChange={(event) => {
        const file = event.target.files?.[0];
        event.target.value = "";
        if (file) void upload(file);
      }}
    />
  );

  const error =
    state.phase === "failed" ? (
      <p id={errorId} role="alert" className="mt-2 text-sm font-medium text-danger">
        {state.message}
      </p>
    ) : null;

  const remove = async () => {
    try {
      await removeAvatar().unwrap();
      toast({ title: "Photo removed", tone: "success" });
    } catch (problem) {
      toast({ title: "Could not remove your photo", description: describeApiError(problem).message, tone: "error" });
    }
  };

  if (variant === "overlay") {
    return (
      <div className="flex flex-col items-center sm:items-start">
        <div className="relative">
          <Avatar name={name} src={src} size="xl" className="ring-4 ring-surface" alt={`${name}'s profile photo`} />
          {uploading ? <UploadProgress progress={state.progress} /> : null}
          <button
            type="button"
            onClick={choose}
            disabled={uploading}
            aria-describedby={state.phase === "failed" ? errorId : undefined}
            className={cn(
              "absolute right-0.5 bottom-0.5 flex size-10 items-center justify-center rounded-full border-2 border-surface bg-primary text-primary-foreground shadow-md",
              "hover:bg-primary-hover disabled:opacity-60",
            )}
          >
            <CameraIcon className="size-[1.125rem]" />
            <span className="sr-only">Change profile photo</span>
          </button>
          {fileInput}
        </div>
        {error}
      </div>
    );
  }

  return (
    <div className="flex items-center gap-5">
      <div className="relative">
        <Avatar name={name} src={src} size="lg" alt={`${name}'s profile photo`} />
        {uploading ? (
          <span className="absolute inset-0 flex items-center justify-center rounded-full bg-black/45 text-xs font-semibold text-white tabular-nums">
            {Math.round(state.progress * 100)}%
          </span>
        ) : null}
      </div>
      <div className="min-w-0">
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            size="sm"
            icon={<CameraIcon className="size-4" />}
            onClick={choose}
            loading={uploading}
          >
            {me.avatar_url ? "Upload a new photo" : "Upload a photo"}
          </Button>
          {me.avatar_url ? (
            <Button
              variant="ghost"
              size="sm"
              icon={<TrashIcon className="size-4" />}
              onClick={remove}
              loading={removal.isLoading}
              disabled={uploading}
            >
              Remove
            </Button>
          ) : null}
        </div>
        {uploading ? (
          <ProgressBar value={state.progress} label="Uploading your photo" className="mt-3 max-w-56" />
        ) : (
          <p className="mt-1.5 text-sm text-muted">JPEG, PNG or WebP, up to 5 MB.</p>
        )}
        {error}
        {fileInput}
      </div>
    </div>
  );
}
