"use client";

import {
  Avatar,
  ChevronDownIcon,
  LogOutIcon,
  Menu,
  MenuButton,
  MenuHeader,
  MenuLink,
  Skeleton,
  UserIcon,
} from "@/components/ui";
import { useLogout } from "@/features/auth";
import { useMe } from "@/features/profile";

/** The student's own corner of the top bar: who is signed in, their profile, log out. */
export function AvatarMenu() {
  const { data: me } = useMe();
  const { logout } = useLogout();

  if (!me) return <Skeleton className="size-9 rounded-full" />;
  const name = `${me.first_name} ${me.last_name}`;

  return (
    <Menu
      label={`Account menu for ${name}`}
      triggerClassName="flex items-center gap-2 rounded-full p-0.5 pr-0.5 hover:bg-surface-muted sm:pr-2.5"
      trigger={
        <>
          <Avatar name={name} src={me.avatar_url} size="sm" />
          <span className="hidden text-sm font-semibold text-foreground sm:inline">{me.first_name}</span>
          <ChevronDownIcon className="hidden size-4 text-muted sm:inline" />
        </>
      }
    >
      <MenuHeader>
        <p className="truncate font-semibold text-foreground">{name}</p>
        <p className="truncate text-sm text-muted">{me.email}</p>
      </MenuHeader>
      <MenuLink href="/profile" icon={<UserIcon className="size-[1.125rem]" />}>
        Your profile
      </MenuLink>
      <MenuButton onSelect={() => void logout()} icon={<LogOutIcon className="size-[1.125rem]" />}>
        Log out
      </MenuButton>
    </Menu>
  );
}
