import type { Metadata } from "next";

import { FriendsScreen } from "@/features/friends";

export const metadata: Metadata = { title: "Friends" };

export default function FriendsPage() {
  return <FriendsScreen />;
}
