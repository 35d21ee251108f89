"use client";

import { useEffect, useRef } from "react";

import { Alert, Button, Card, Field, TagInput, TextAreaField, TextField, useToast } from "@/components/ui";
import type { ProfileUpdate, UserMe } from "@/lib/api-schema";
import { useForm } from "@/lib/forms";
import { requiredProblem } from "@/lib/validation";
import { StudyFields } from "@/features/universities";

import { useUpdateMeMutation } from "../api";
import { AvatarUploader } from "./AvatarUploader";

export const BIO_MAX_CHARS = 500;
export const INTERESTS_MAX = 20;
export const INTEREST_MAX_CHARS = 40;

interface Values extends Record<string, unknown> {
  first_name: string;
  last_name: string;
  university_id: string;
  university_name: string;
  course: string;
  bio: string;
  interests: string[];
}

function validate(values: Values) {
  return {
    first_name: requiredProblem(values.first_name, "Enter your first name."),
    last_name: requiredProblem(values.last_name, "Enter your last name."),
    university_id: values.university_id ? undefined : "Pick your university from the list.",
    course: requiredProblem(values.course, "Enter your course."),
    bio: [...values.bio].length > BIO_MAX_CHARS ? `Keep your bio under ${BIO_MAX_CHARS} characters.` : undefined,
  };
}

/** Only what changed goes to the server. */
function changes(me: UserMe, values: Values): ProfileUpdate {
  const update: ProfileUpdate = {};
  if (values.first_name.trim() !== me.first_name) update.first_name = values.first_name.trim();
  if (values.last_name.trim() !== me.last_name) update.last_name = values.last_name.trim();
  if (values.university_id !== me.university.id) update.university_id = values.university_id;
  if (values.course.trim() !== me.course) update.course = values.course.trim();
  if (values.bio.trim() !== me.bio) update.bio = values.bio.trim();
  if (values.interests.join("\n") !== me.interests.join("\n")) update.interests = values.interests;
  return update;
}

export function ProfileEditor({ me, onDone }: { me: UserMe; onDone: () => void }) {
  const toast = useToast();
  const [updateMe] = useUpdateMeMutation();
  const form = useForm<Values>({
    initialValues: {
      first_name: me.first_name,
      last_name: me.last_name,
      university_id: me.university.id,
      university_name: me.university.name,
      course: me.course,
      bio: me.bio,
      interests: me.interests,
    },
    validate: validate,
  });
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening the editor moves focus to it, so keyboard and screen-reader users follow along.
  useEffect(() => heading.current?.focus(), []);
  const interests = form.field("interests");

  return (
    <Card className="p-5 sm:p-8">
      <h1 ref={heading} tabIndex={-1} className="text-xl font-bold tracking-tight text-foreground focus:outline-none">
        Edit your profile
      </h1>
      <p className="mt-1 text-sm text-muted">This is what other students see when they find you.</p>

      <section aria-label="Profile photo" className="mt-6 border-b border-border pb-6">
        <AvatarUploader me={me} variant="panel" />
      </section>

      <form
        noValidate
        className="mt-6 space-y-5"
        onSubmit={form.handleSubmit(async (values) => {
          const update = changes(me, values);
          if (Object.keys(update).length > 0) await updateMe(update).unwrap();
          toast({ title: "Profile saved", tone: "success" });
          onDone();
        })}
      >
        {form.formError ? (
          <Alert tone="danger" role="alert">
            {form.formError}
          </Alert>
        ) : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField label="First name" autoComplete="given-name" maxLength={50} {...form.field("first_name")} />
          <TextField label="Last name" autoComplete="family-name" maxLength={50} {...form.field("last_name")} />
        </div>
        <StudyFields form={form} courseHint="Pick what classmates use, or type your own." />
        <TextAreaField
          label="Bio"
          optional
          maxLength={BIO_MAX_CHARS}
          rows={4}
          placeholder="Second-year CS. Climbing, chess and bad puns."
          {...form.field("bio")}
        />
        <Field
          label="Interests"
          optional
          error={interests.error}
          hint={`Press Enter or comma after each one. Up to ${INTERESTS_MAX}.`}
        >
          {(control) => (
            <TagInput
              control={control}
              name="interests"
              value={interests.value}
              onChange={interests.onChange}
              onBlur={interests.onBlur}
              maxTags={INTERESTS_MAX}
              maxLength={INTEREST_MAX_CHARS}
              placeholder="chess, climbing, jazz…"
            />
          )}
        </Field>
        <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}
