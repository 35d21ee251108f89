"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { useSession } from "@/features/auth";

import { CHATS_PATH } from "../paths";

/** On `/`: a signed-in student goes straight to Chats, as in every chat app. */
export function OpenChatsWhenSignedIn() {
  const { signedIn } = useSession();
  const router = useRouter();
  useEffect(() => {
    if (signedIn) router.replace(CHATS_PATH);
  }, [signedIn, router]);
  return null;
}
