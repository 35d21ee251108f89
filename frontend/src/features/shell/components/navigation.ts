import type { ComponentType } from "react";

import { BellIcon, ChatIcon, CompassIcon, UserIcon, UsersIcon } from "@/components/ui";

export interface Place {
  label: string;
  /** For the phone tab bar, where space is short. */
  shortLabel?: string;
  href: string;
  icon: ComponentType<{ className?: string }>;
  /** A count that waits for the student here, shown as a badge. */
  count?: "incomingFriendRequests" | "unreadChats" | "unreadNotifications";
}

/** The places of Quad, in the order of the side navigation and the tab bar. */
export const PLACES: readonly Place[] = [
  { label: "Chats", href: "/chats", icon: ChatIcon, count: "unreadChats" },
  { label: "Discover", href: "/discover", icon: CompassIcon },
  { label: "Friends", href: "/friends", icon: UsersIcon, count: "incomingFriendRequests" },
  {
    label: "Notifications",
    shortLabel: "Alerts",
    href: "/notifications",
    icon: BellIcon,
    count: "unreadNotifications",
  },
  { label: "Profile", href: "/profile", icon: UserIcon },
];
