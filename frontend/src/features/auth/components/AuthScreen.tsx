import Link from "next/link";
import type { ReactNode } from "react";

import { Avatar, BadgeCheckIcon, Logo } from "@/components/ui";

const classmates = [
  { name: "Maya Okafor", course: "Computer Science", note: "Anyone up for the hackathon?" },
  { name: "Jonas Berg", course: "Physics", note: "Study group, library, 6pm?" },
  { name: "Lea Rossi", course: "Architecture", note: "Saved you a seat!" },
];

/** The brand side of the account screens (wide screens only): what Quad feels like. */
function BrandPanel() {
  return (
    <div
      aria-hidden="true"
      className="relative hidden self-start overflow-hidden bg-[radial-gradient(130%_100%_at_0%_0%,var(--color-brand-500)_0%,var(--color-brand-700)_50%,var(--color-brand-950)_100%)] p-12 text-white lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col lg:justify-between"
    >
      <div className="absolute -top-24 -right-24 size-80 rounded-full bg-coral-500/30 blur-3xl" />
      <div className="absolute -bottom-32 -left-16 size-96 rounded-full bg-brand-400/30 blur-3xl" />
      <div className="relative">
        <p className="text-sm font-semibold tracking-widest text-brand-200 uppercase">Quad</p>
        <p className="mt-4 max-w-md text-4xl leading-tight font-bold tracking-tight">
          Your whole campus,
          <br />
          one chat away.
        </p>
        <p className="mt-4 max-w-sm text-lg text-brand-100">
          Find classmates by course and interests, then talk one-to-one or in groups.
        </p>
      </div>
      <ul className="relative space-y-3">
        {classmates.map((person, index) => (
          <li
            key={person.name}
            className="flex max-w-sm items-center gap-3 rounded-2xl bg-white/10 p-3 pr-4 ring-1 ring-white/15 backdrop-blur-sm"
            style={{ marginLeft: `${index * 1.5}rem` }}
          >
            <Avatar name={person.name} size="md" className="ring-2 ring-white/30" />
            <div className="min-w-0">
              <p className="flex items-center gap-1.5 text-sm font-semibold">
                {person.name}
                <BadgeCheckIcon className="size-4 text-brand-200" />
              </p>
              <p className="truncate text-sm text-brand-100">
                {person.course} · {person.note}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface AuthScreenProps {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/** The frame of every account screen: brand on the left (wide screens), the task on the right. */
export function AuthScreen({ title, subtitle, children, footer }: AuthScreenProps) {
  return (
    <div className="grid min-h-dvh lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
      <BrandPanel />
      <main className="flex flex-col px-5 py-6 sm:px-10 sm:py-10">
        <Link href="/" className="self-start rounded-lg" aria-label="Quad home">
          <Logo />
        </Link>
        <div className="flex flex-1 flex-col pt-10 pb-6 sm:justify-center sm:py-10">
          <div className="mx-auto w-full max-w-[26rem]">
            <h1 className="text-[1.75rem] leading-tight font-bold tracking-tight text-foreground">{title}</h1>
            {subtitle ? <p className="mt-2 text-[0.9375rem] leading-relaxed text-muted">{subtitle}</p> : null}
            <div className="mt-8">{children}</div>
            {footer ? <div className="mt-8 text-center text-sm text-muted">{footer}</div> : null}
          </div>
        </div>
      </main>
    </div>
  );
}

export const textLink = "font-semibold text-primary underline-offset-4 hover:underline";
