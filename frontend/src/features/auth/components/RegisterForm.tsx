"use client";

import { useState } from "react";

import { Alert, Button, PasswordField, TextField } from "@/components/ui";
import { useForm } from "@/lib/forms";
import { emailProblem, newPasswordProblem, requiredProblem } from "@/lib/validation";
import { StudyFields, UniversityOffer, type StudyForm } from "@/features/universities";

import { useRegisterMutation } from "../api";

interface Values extends Record<string, unknown> {
  first_name: string;
  last_name: string;
  email: string;
  password: string;
  university_id: string;
  university_name: string;
  course: string;
}

function validate(values: Values) {
  return {
    first_name: requiredProblem(values.first_name, "Enter your first name."),
    last_name: requiredProblem(values.last_name, "Enter your last name."),
    email: emailProblem(values.email),
    password: newPasswordProblem(values.password),
    university_id: values.university_id
      ? undefined
      : values.university_name.trim()
        ? "Pick your university from the suggestions."
        : "Choose your university.",
    course: requiredProblem(values.course, "Enter your course, e.g. Computer Science."),
  };
}

/** A new student's account: who they are, where they study, how they log in. */
export function RegisterForm() {
  const [register] = useRegisterMutation();
  const form = useForm<Values>({
    initialValues: {
      first_name: "",
      last_name: "",
      email: "",
      password: "",
      university_id: "",
      university_name: "",
      course: "",
    },
    validate: validate,
    codeFields: { email_taken: "email" },
  });
  // A university picked from the list is the student's own choice: the e-mail's is then
  // never offered over it (one the offer filled in may be offered over, by a newer offer).
  const [pickedByHand, setPickedByHand] = useState(false);
  const study: StudyForm = {
    values: form.values,
    field: form.field,
    setValue: (name, value) => {
      if (name === "university_id") setPickedByHand(value !== "");
      form.setValue(name, value);
    },
  };

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={form.handleSubmit(async (values) => {
        await register({
          first_name: values.first_name.trim(),
          last_name: values.last_name.trim(),
          email: values.email.trim(),
          password: values.password,
          university_id: values.university_id,
          course: values.course.trim(),
        }).unwrap();
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
      <div>
        <TextField
          label="University e-mail"
          type="email"
          autoComplete="email"
          inputMode="email"
          hint="Your university address earns you the verified student badge."
          {...form.field("email")}
        />
        <UniversityOffer
          email={form.values.email}
          currentId={form.values.university_id}
          pickedByHand={pickedByHand}
          onAccept={(university) => {
            form.setValue("university_id", university.id);
            form.setValue("university_name", university.name);
          }}
        />
      </div>
      <PasswordField
        label="Password"
        autoComplete="new-password"
        hint="At least 8 characters."
        {...form.field("password")}
      />
      <StudyFields form={study} />
      <Button type="submit" size="lg" className="w-full" loading={form.submitting}>
        Create account
      </Button>
    </form>
  );
}
