import type { Metadata } from "next";

import { ButtonLink, CompassIcon, EmptyState, Logo } from "@/components/ui";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-6">
      <Logo className="mb-6" />
      <EmptyState
        icon={<CompassIcon className="size-7" />}
        title="This page took a wrong turn"
        description="The link may be old or mistyped. Let's get you back somewhere familiar."
        action={<ButtonLink href="/">Back to Quad</ButtonLink>}
      />
    </main>
  );
}
