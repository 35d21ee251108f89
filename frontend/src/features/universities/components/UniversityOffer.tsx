"use client";

import { useId, useRef, useState } from "react";

import { Button, GraduationCapIcon } from "@/components/ui";

import { useUniversityOfEmail } from "../hooks/useUniversityOfEmail";
import type { PickedUniversity } from "./UniversityPicker";

interface UniversityOfferProps {
  /** The e-mail address as the student types it. */
  email: string;
  /** The university the form holds now ("" for none). */
  currentId: string;
  /** The student picked it from the list: their choice stands, nothing is offered over it. */
  pickedByHand: boolean;
  onAccept: (university: PickedUniversity) => void;
}

/**
 * "Studying at University College London?" as soon as the e-mail address names a
 * university's domain, confirmed with one tap, so most students never search the list.
 * A live region: screen readers announce the offer when it appears, and what a tap did.
 */
export function UniversityOffer({ email, currentId, pickedByHand, onAccept }: UniversityOfferProps) {
  const offered = useUniversityOfEmail(email);
  const [declinedId, setDeclinedId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const region = useRef<HTMLDivElement>(null);
  const question = useId();
  const showOffer = offered !== null && !pickedByHand && offered.id !== currentId && offered.id !== declinedId;

  // The pressed button goes away: focus stays here, between the e-mail and what follows.
  const decide = (message: string) => {
    setOutcome(message);
    region.current?.focus();
  };

  return (
    <div ref={region} role="status" tabIndex={-1} className="outline-none">
      {showOffer ? (
        <div className="mt-3 rounded-xl border border-brand-200/70 bg-primary-soft px-4 py-3 text-sm text-primary-soft-foreground dark:border-brand-800/60">
          <div className="flex items-start gap-3">
            <GraduationCapIcon className="size-5 shrink-0" />
            <p id={question} className="min-w-0">
              Studying at <strong className="font-semibold">{offered.name}</strong>?
            </p>
          </div>
          <div className="mt-3 flex flex-wrap gap-2 pl-8">
            <Button
              size="sm"
              aria-describedby={question}
              onClick={() => {
                onAccept({ id: offered.id, name: offered.name, country: offered.country });
                decide(`${offered.name} is now your university.`);
              }}
            >
              Yes, that&apos;s mine
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-describedby={question}
              onClick={() => {
                setDeclinedId(offered.id);
                decide("Find your university in the list below.");
              }}
            >
              No
            </Button>
          </div>
        </div>
      ) : outcome ? (
        <p className="sr-only">{outcome}</p>
      ) : null}
    </div>
  );
}
