"use client";

import { useState, type ComponentProps, type ReactNode } from "react";

import { Field } from "./Field";
import { EyeIcon, EyeOffIcon } from "./icons";
import { Input, Textarea } from "./Input";

type NativeInput = Omit<ComponentProps<"input">, "value" | "onChange" | "onBlur" | "id">;

interface TextFieldProps extends NativeInput {
  label: ReactNode;
  name: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  hint?: ReactNode;
  optional?: boolean;
  labelAction?: ReactNode;
}

/** A labelled text input with its hint and live error: `<TextField {...form.field("email")} />`. */
export function TextField({
  label,
  hint,
  error,
  optional,
  labelAction,
  onChange,
  className,
  ...input
}: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} optional={optional} labelAction={labelAction} className={className}>
      {(control) => <Input {...control} {...input} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}

/** A password input with a show/hide switch (people mistype on phones). */
export function PasswordField({
  label,
  hint,
  error,
  labelAction,
  onChange,
  className,
  ...input
}: Omit<TextFieldProps, "type">) {
  const [visible, setVisible] = useState(false);
  return (
    <Field label={label} hint={hint} error={error} labelAction={labelAction} className={className}>
      {(control) => (
        <div className="relative">
          <Input
            {...control}
            {...input}
            type={visible ? "text" : "password"}
            className="pr-12"
            onChange={(event) => onChange(event.target.value)}
          />
          <button
            type="button"
            onClick={() => setVisible((v) => !v)}
            aria-label={visible ? "Hide password" : "Show password"}
            aria-controls={control.id}
            className="absolute inset-y-0 right-0 flex w-11 items-center justify-center rounded-r-xl text-muted hover:text-foreground focus-visible:outline-2 focus-visible:-outline-offset-2"
          >
            {visible ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        </div>
      )}
    </Field>
  );
}

type NativeTextarea = Omit<ComponentProps<"textarea">, "value" | "onChange" | "onBlur" | "id">;

interface TextAreaFieldProps extends NativeTextarea {
  label: ReactNode;
  name: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  hint?: ReactNode;
  optional?: boolean;
  maxLength?: number;
}

/** A multi-line field with a character counter when it has a limit. */
export function TextAreaField({
  label,
  hint,
  error,
  optional,
  onChange,
  maxLength,
  className,
  value,
  ...rest
}: TextAreaFieldProps) {
  const counter = maxLength ? (
    <span className="text-xs text-subtle tabular-nums" aria-hidden="true">
      {[...value].length}/{maxLength}
    </span>
  ) : null;
  return (
    <Field label={label} hint={hint} error={error} optional={optional} labelAction={counter} className={className}>
      {(control) => (
        <Textarea
          {...control}
          {...rest}
          value={value}
          maxLength={maxLength}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
