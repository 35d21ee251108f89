"use client";

import { useState } from "react";

import { Card, LoadError, Skeleton } from "@/components/ui";

import { useMe } from "../hooks/useMe";
import { AccountCard } from "./AccountCard";
import { ProfileEditor } from "./ProfileEditor";
import { ProfileOverview } from "./ProfileOverview";

function ProfileSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading your profile" className="space-y-6">
      <Card className="overflow-hidden">
        <Skeleton className="h-28 rounded-none sm:h-36" />
        <div className="px-5 pb-6 sm:px-8">
          <Skeleton className="-mt-14 size-28 rounded-full ring-4 ring-surface sm:-mt-16 sm:size-32" />
          <Skeleton className="mt-5 h-8 w-56" />
          <Skeleton className="mt-3 h-5 w-72 max-w-full" />
          <Skeleton className="mt-2 h-5 w-40" />
          <Skeleton className="mt-6 h-16 w-full" />
        </div>
      </Card>
      <Card className="h-48 p-6">
        <Skeleton className="h-5 w-24" />
        <Skeleton className="mt-3 h-4 w-64 max-w-full" />
      </Card>
    </div>
  );
}

/** The signed-in student's own profile: view, edit, photo, account. */
export function ProfileScreen() {
  const { data: me, error, isLoading, refetch } = useMe();
  const [editing, setEditing] = useState(false);
  const [returning, setReturning] = useState(false);

  if (isLoading || (!me && !error)) return <ProfileSkeleton />;
  if (!me) {
    return <LoadError title="We couldn't load your profile" error={error} onRetry={() => void refetch()} />;
  }

  return (
    <div className="space-y-6">
      {editing ? (
        <ProfileEditor
          me={me}
          onDone={() => {
            setEditing(false);
            setReturning(true);
          }}
        />
      ) : (
        <ProfileOverview me={me} onEdit={() => setEditing(true)} focusEdit={returning} />
      )}
      <AccountCard me={me} />
    </div>
  );
}
