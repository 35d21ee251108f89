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
}

/** The places of Quad. Later issues switch off `soon` as each one lands. */
export const PLACES: readonly Place[] = [
  { label: "Chats", href: "/chats", icon: ChatIcon, soon: true },
  { label: "Discover", href: "/discover", icon: CompassIcon, soon: true },
  { label: "Friends", href: "/friends", icon: UsersIcon, soon: true },
  { label: "Notifications", shortLabel: "Alerts", href: "/notifications", icon: BellIcon, soon: true },
  { label: "Profile", href: "/profile", icon: UserIcon },
];
