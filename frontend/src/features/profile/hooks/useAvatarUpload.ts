"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import { uploadWithProgress } from "@/lib/api-base";
import type { UserMe } from "@/lib/api-schema";
import { describeApiError } from "@/lib/errors";
import { useAppStore } from "@/lib/hooks";

import { profileApi } from "../api";

export const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

export type AvatarUploadState =
  { phase: "idle" } | { phase: "uploading"; preview: string; progress: number } | { phase: "failed"; message: string };

/** Checks the server would make anyway, made first so a student is not kept waiting. */
export function avatarFileProblem(file: File): string | undefined {
  if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) return "Choose a JPEG, PNG or WebP image.";
  if (file.size > AVATAR_MAX_BYTES) return "That photo is over 5 MB. Choose a smaller one.";
  return undefined;
}

function preload(url: string, timeoutMs = 4000): Promise<void> {
  return new Promise((resolve) => {
    const image = new Image();
    const done = () => resolve();
    image.onload = done;
    image.onerror = done;
    setTimeout(done, timeoutMs);
    image.src = url;
  });
}

/**
 * Uploads a new profile photo with a local preview and progress, then puts the profile the
 * server answers into the cache (so every avatar on screen changes at once).
 */
export function useAvatarUpload({ onDone }: { onDone?: () => void } = {}) {
  const store = useAppStore();
  const [state, setState] = useState<AvatarUploadState>({ phase: "idle" });
  const controller = useRef<AbortController | null>(null);
  const previewUrl = useRef<string | null>(null);

  const releasePreview = () => {
    if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
    previewUrl.current = null;
  };

  useEffect(
    () => () => {
      controller.current?.abort();
      releasePreview();
    },
    [],
  );

  const upload = useCallback(
    async (file: File) => {
      const problem = avatarFileProblem(file);
      if (problem) {
        setState({ phase: "failed", message: problem });
        return;
      }
      controller.current?.abort();
      releasePreview();
      const preview = URL.createObjectURL(file);
      previewUrl.current = preview;
      const abort = new AbortController();
      controller.current = abort;
      setState({ phase: "uploading", preview, progress: 0 });

      const body = new FormData();
      body.append("file", file);
      const result = await uploadWithProgress<UserMe>(store, {
        method: "PUT",
        path: "/users/me/avatar",
        body,
        signal: abort.signal,
        onProgress: (progress) =>
          setState((current) => (current.phase === "uploading" ? { ...current, progress } : current)),
      });
      if (abort.signal.aborted) return;
      if (result.error) {
        releasePreview();
        setState({ phase: "failed", message: describeApiError(result.error).message });
        return;
      }
      // Keep showing the preview until the stored photo is loaded: no flash in between.
      if (result.data.avatar_url) await preload(result.data.avatar_url);
      releasePreview();
      store.dispatch(profileApi.util.upsertQueryData("getMe", undefined, result.data));
      setState({ phase: "idle" });
      onDone?.();
    },
    [store, onDone],
  );

  const reset = useCallback(() => setState({ phase: "idle" }), []);

  return { state, upload, reset };
}
