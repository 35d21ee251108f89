import type { ComponentType } from "react";

import { BellIcon, ChatIcon, CompassIcon, UserIcon, UsersIcon } from "@/components/ui";

export interface Place {
  label: string;
  /** For the phone tab bar, where space is short. */
  shortLabel?: string;
  href: string;
  icon: ComponentType<{ className?: string }>;
  /** Not built yet: shown, so students see what is coming, but not a link. */
  soon?: boolean;
  /** A count that waits for the student here, shown as a badge. */
  count?: "incomingFriendRequests" | "unreadChats";
}

/** The places of Quad. Later issues switch off `soon` as each one lands. */
export const PLACES: readonly Place[] = [
  { label: "Chats", href: "/chats", icon: ChatIcon, count: "unreadChats" },
  { label: "Discover", href: "/discover", icon: CompassIcon },
  { label: "Friends", href: "/friends", icon: UsersIcon, count: "incomingFriendRequests" },
  { label: "Notifications", shortLabel: "Alerts", href: "/notifications", icon: BellIcon, soon: true },
  { label: "Profile", href: "/profile", icon: UserIcon },
];
