import type { Metadata } from "next";

import { FriendRequestsScreen } from "@/features/friends";

export const metadata: Metadata = { title: "Friend requests" };

export default function FriendRequestsPage() {
  return <FriendRequestsScreen />;
}
