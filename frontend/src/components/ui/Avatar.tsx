"use client";

import { useState } from "react";

import { cn } from "@/lib/cn";

type Size = "xs" | "sm" | "md" | "lg" | "xl";

const sizes: Record<Size, string> = {
  xs: "size-7 text-[0.6875rem]",
  sm: "size-9 text-xs",
  md: "size-11 text-sm",
  lg: "size-16 text-lg",
  xl: "size-28 text-3xl sm:size-32",
};

// Soft, distinct gradients; white initials keep at least 4.5:1 on every one.
const palettes = [
  "from-brand-500 to-brand-700",
  "from-[#e0466a] to-[#b02a55]",
  "from-[#0e8a72] to-[#0b6b60]",
  "from-[#d9590b] to-[#b3400c]",
  "from-[#2a6fdb] to-[#1c4fb0]",
  "from-[#8f3fd6] to-[#6b28a8]",
];

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) >>> 0;
  return value;
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? "";
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase() || "?";
}

interface AvatarProps {
  name: string;
  src?: string | null;
  size?: Size;
  className?: string;
  /** Alternative text; empty (decorative) by default because the name is usually beside it. */
  alt?: string;
}

/** A student's picture, or their initials on a colour of their own when they have none. */
export function Avatar({ name, src, size = "md", className, alt = "" }: AvatarProps) {
  const [failed, setFailed] = useState<string | null>(null);
  const showImage = Boolean(src) && failed !== src;
  return (
    <span
      className={cn(
        "relative inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full bg-linear-to-br font-semibold text-white select-none",
        palettes[hash(name) % palettes.length],
        sizes[size],
        className,
      )}
      role={alt ? "img" : undefined}
      aria-label={alt || undefined}
    >
      {showImage ? (
        // eslint-disable-next-line @next/next/no-img-element -- avatars come from the API or S3, already resized
        <img src={src ?? undefined} alt="" className="size-full object-cover" onError={() => setFailed(src ?? null)} />
      ) : (
        <span aria-hidden="true">{initialsOf(name)}</span>
      )}
    </span>
  );
}
