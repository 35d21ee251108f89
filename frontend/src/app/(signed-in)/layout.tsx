import type { ReactNode } from "react";

import { RequireSignedIn } from "@/features/auth";
import { AppShell } from "@/features/shell";

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <RequireSignedIn>
      <AppShell>{children}</AppShell>
    </RequireSignedIn>
  );
}
