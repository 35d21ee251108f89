import type { Metadata } from "next";
import { Suspense } from "react";

import { ChatsScreen } from "@/features/chat";

export const metadata: Metadata = { title: "Chats" };

export default function ChatsPage() {
  return (
    <Suspense>
      <ChatsScreen />
    </Suspense>
  );
}
