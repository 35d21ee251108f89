import type { Metadata } from "next";

import { BlockedStudentsScreen } from "@/features/friends";

export const metadata: Metadata = { title: "Blocked students" };

export default function BlockedStudentsPage() {
  return <BlockedStudentsScreen />;
}
