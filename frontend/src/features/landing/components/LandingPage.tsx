"use client";

import Link from "next/link";

import {
  ArrowRightIcon,
  Avatar,
  BadgeCheckIcon,
  ButtonLink,
  ChatIcon,
  CompassIcon,
  Logo,
  ShieldCheckIcon,
  UsersIcon,
} from "@/components/ui";
import { HOME_PATH, useSession } from "@/features/auth";

function HeaderActions() {
  const { signedIn, status } = useSession();
  if (signedIn) {
    return (
      <ButtonLink href={HOME_PATH} size="sm">
        Open Quad
      </ButtonLink>
    );
  }
  return (
    <div className={status === "restoring" ? "invisible flex gap-2" : "flex gap-2"}>
      <ButtonLink href="/login" variant="ghost" size="sm">
        Log in
      </ButtonLink>
      <ButtonLink href="/register" size="sm">
        Sign up
      </ButtonLink>
    </div>
  );
}

/** A sketch of a Quad group chat, drawn in the brand's colours (decoration). */
function ChatPreview() {
  const messages = [
    { from: "Maya Okafor", text: "Who's in for the algorithms study group tonight?", mine: false },
    { from: "Jonas Berg", text: "Me! Library, 3rd floor?", mine: false },
    { from: "You", text: "Count me in, I'll bring snacks!", mine: true },
  ];
  return (
    <div aria-hidden="true" className="relative mx-auto w-full max-w-md">
      <div className="absolute -inset-6 -z-10 rounded-[2.5rem] bg-[radial-gradient(circle_at_30%_20%,var(--color-brand-300),transparent_60%),radial-gradient(circle_at_80%_80%,var(--color-coral-400),transparent_55%)] opacity-50 blur-2xl dark:opacity-30" />
      <div className="overflow-hidden rounded-3xl border border-border bg-surface shadow-2xl shadow-brand-950/15">
        <div className="flex items-center gap-3 border-b border-border px-5 py-4">
          <span className="flex size-10 items-center justify-center rounded-xl bg-primary-soft text-primary-soft-foreground">
            <UsersIcon className="size-5" />
          </span>
          <div>
            <p className="font-semibold text-foreground">CS2040 · Algorithms</p>
            <p className="text-sm text-muted">24 classmates · 5 online</p>
          </div>
        </div>
        <div className="space-y-4 bg-background/60 px-5 py-5">
          {messages.map((message) =>
            message.mine ? (
              <div key={message.text} className="flex justify-end">
                <p className="max-w-[80%] rounded-2xl rounded-br-md bg-primary px-4 py-2.5 text-[0.9375rem] text-primary-foreground">
                  {message.text}
                </p>
              </div>
            ) : (
              <div key={message.text} className="flex items-end gap-2.5">
                <Avatar name={message.from} size="sm" />
                <div className="max-w-[80%]">
                  <p className="mb-1 flex items-center gap-1 text-xs font-semibold text-muted">
                    {message.from}
                    <BadgeCheckIcon className="size-3.5 text-primary" />
                  </p>
                  <p className="rounded-2xl rounded-bl-md bg-surface-muted px-4 py-2.5 text-[0.9375rem] text-foreground">
                    {message.text}
                  </p>
                </div>
              </div>
            ),
          )}
          <p className="flex items-center gap-2 text-xs text-muted">
            <span className="flex gap-0.5">
              <span className="size-1.5 animate-bounce rounded-full bg-subtle [animation-delay:-0.3s]" />
              <span className="size-1.5 animate-bounce rounded-full bg-subtle [animation-delay:-0.15s]" />
              <span className="size-1.5 animate-bounce rounded-full bg-subtle" />
            </span>
            Lea is typing…
          </p>
        </div>
      </div>
    </div>
  );
}

const features = [
  {
    icon: CompassIcon,
    title: "Find your people",
    text: "Search by university, course and interests. Quad suggests classmates you share a lecture or a passion with.",
  },
  {
    icon: ChatIcon,
    title: "Chat in real time",
    text: "One-to-one or in groups for every module, society and flat. Messages arrive instantly, on every device.",
  },
  {
    icon: ShieldCheckIcon,
    title: "Students only",
    text: "Confirm your university e-mail and get the verified student badge, so you know who you're talking to.",
  },
];

const steps = [
  { title: "Sign up in a minute", text: "Your name, your university, your course." },
  { title: "Make it yours", text: "A photo, a short bio and a few interests." },
  { title: "Say hi", text: "Add classmates as friends and start a chat." },
];

/** What Quad is, and the way in. */
export function LandingPage() {
  const { signedIn } = useSession();
  return (
    <div className="min-h-dvh overflow-x-clip">
      <header className="mx-auto flex h-20 max-w-6xl items-center justify-between px-5 sm:px-8">
        <Link href="/" aria-label="Quad home" className="rounded-lg">
          <Logo />
        </Link>
        <HeaderActions />
      </header>

      <main>
        <section className="mx-auto grid max-w-6xl items-center gap-14 px-5 pt-8 pb-20 sm:px-8 lg:grid-cols-[1.05fr_1fr] lg:pt-16 lg:pb-28">
          <div className="text-center lg:text-left">
            <p className="inline-flex items-center gap-2 rounded-full border border-border bg-surface px-3.5 py-1.5 text-sm font-medium text-muted shadow-sm">
              <span className="size-2 rounded-full bg-mint-400" />
              Made for university students
            </p>
            <h1 className="mt-6 text-[2.5rem] leading-[1.08] font-extrabold tracking-tight text-balance text-foreground sm:text-6xl">
              Your whole campus,{" "}
              <span className="bg-linear-to-r from-brand-600 to-coral-500 bg-clip-text text-transparent dark:from-brand-300 dark:to-coral-400">
                one chat away.
              </span>
            </h1>
            <p className="mx-auto mt-6 max-w-xl text-lg leading-relaxed text-muted lg:mx-0">
              Quad is where students meet: find classmates by course and interests, add friends, and talk one-to-one or
              in groups, in real time.
            </p>
            <div className="mt-9 flex flex-col justify-center gap-3 sm:flex-row lg:justify-start">
              {signedIn ? (
                <ButtonLink href={HOME_PATH} size="lg" trailingIcon={<ArrowRightIcon className="size-5" />}>
                  Open Quad
                </ButtonLink>
              ) : (
                <>
                  <ButtonLink href="/register" size="lg">
                    Create your free account
                  </ButtonLink>
                  <ButtonLink href="/login" variant="secondary" size="lg">
                    Log in
                  </ButtonLink>
                </>
              )}
            </div>
            <p className="mt-5 text-sm text-subtle">Free for students. No ads, ever.</p>
          </div>
          <ChatPreview />
        </section>

        <section aria-labelledby="why-quad" className="border-y border-border bg-surface">
          <div className="mx-auto max-w-6xl px-5 py-20 sm:px-8">
            <h2 id="why-quad" className="text-center text-3xl font-bold tracking-tight text-foreground">
              Everything campus life needs to talk
            </h2>
            <ul className="mt-12 grid gap-6 md:grid-cols-3">
              {features.map(({ icon: Icon, title, text }) => (
                <li key={title} className="rounded-2xl border border-border bg-background p-6">
                  <span className="flex size-12 items-center justify-center rounded-2xl bg-primary-soft text-primary-soft-foreground">
                    <Icon className="size-6" />
                  </span>
                  <h3 className="mt-5 text-lg font-semibold text-foreground">{title}</h3>
                  <p className="mt-2 leading-relaxed text-muted">{text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>

        <section aria-labelledby="how-it-works" className="mx-auto max-w-6xl px-5 py-20 sm:px-8">
          <h2 id="how-it-works" className="text-center text-3xl font-bold tracking-tight text-foreground">
            Up and running before your next lecture
          </h2>
          <ol className="mt-12 grid gap-6 md:grid-cols-3">
            {steps.map((step, index) => (
              <li key={step.title} className="flex gap-4">
                <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-primary text-lg font-bold text-primary-foreground">
                  {index + 1}
                </span>
                <div>
                  <h3 className="font-semibold text-foreground">{step.title}</h3>
                  <p className="mt-1 text-muted">{step.text}</p>
                </div>
              </li>
            ))}
          </ol>
          {!signedIn ? (
            <div className="mt-14 flex justify-center">
              <ButtonLink href="/register" size="lg" trailingIcon={<ArrowRightIcon className="size-5" />}>
                Join your campus on Quad
              </ButtonLink>
            </div>
          ) : null}
        </section>
      </main>

      <footer className="border-t border-border">
        <div className="mx-auto flex max-w-6xl flex-col items-center justify-between gap-3 px-5 py-8 text-sm text-muted sm:flex-row sm:px-8">
          <Logo className="scale-90" />
          <p>Made by students, for students.</p>
        </div>
      </footer>
    </div>
  );
}
