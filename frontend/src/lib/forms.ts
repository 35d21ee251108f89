"use client";

import { useCallback, useMemo, useRef, useState, type FormEvent } from "react";

import { describeApiError, type ApiProblem } from "./errors";

export type FieldErrors<V> = Partial<Record<keyof V & string, string>>;

export interface UseFormOptions<V> {
  initialValues: V;
  /** Errors the browser can tell by itself; shown once a field was left or the form sent. */
  validate?: (values: V) => FieldErrors<V>;
  /** Error codes that belong to one field (`email_taken` → `email`). */
  codeFields?: Record<string, keyof V & string>;
}

export interface FieldBinding<T> {
  name: string;
  value: T;
  error: string | undefined;
  onChange: (value: T) => void;
  onBlur: () => void;
}

/**
 * Form state with live errors: the browser's own checks while typing (once a field was
 * visited), the server's 422 details mapped onto fields, and a form-level message for the
 * rest. Submitting focuses the first field in error, so keyboard and screen-reader users
 * land on the problem.
 */
export function useForm<V extends Record<string, unknown>>({ initialValues, validate, codeFields }: UseFormOptions<V>) {
  const [values, setValues] = useState<V>(initialValues);
  const [touched, setTouched] = useState<Partial<Record<keyof V, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors<V>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  const clientErrors = useMemo<FieldErrors<V>>(() => validate?.(values) ?? {}, [validate, values]);

  const errorOf = useCallback(
    (name: keyof V & string): string | undefined =>
      serverErrors[name] ?? (touched[name] || submitted ? clientErrors[name] : undefined),
    [serverErrors, touched, submitted, clientErrors],
  );

  const setValue = useCallback(<K extends keyof V & string>(name: K, value: V[K]) => {
    setValues((current) => ({ ...current, [name]: value }));
    setServerErrors((current) => {
      if (!(name in current)) return current;
      const next = { ...current };
      delete next[name];
      return next;
    });
  }, []);

  const field = useCallback(
    <K extends keyof V & string>(name: K): FieldBinding<V[K]> => ({
      name,
      value: values[name],
      error: errorOf(name),
      onChange: (value: V[K]) => setValue(name, value),
      onBlur: () => setTouched((current) => (current[name] ? current : { ...current, [name]: true })),
    }),
    [values, errorOf, setValue],
  );

  const focusField = (name: string) => {
    const element = formRef.current?.elements.namedItem(name);
    if (element instanceof HTMLElement) element.focus();
  };

  const applyProblem = (problem: ApiProblem) => {
    const fields: FieldErrors<V> = {};
    for (const [name, message] of Object.entries(problem.fields)) {
      if (name in values) fields[name as keyof V & string] = message;
    }
    const codeField = codeFields?.[problem.code];
    if (codeField) fields[codeField] = problem.message;
    setServerErrors(fields);
    const names = Object.keys(fields);
    setFormError(names.length ? null : problem.message);
    if (names[0]) focusField(names[0]);
  };

  const handleSubmit = (handler: (values: V) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    formRef.current = event.currentTarget;
    setSubmitted(true);
    setFormError(null);
    const invalid = Object.keys(clientErrors).filter((name) => clientErrors[name as keyof V & string]);
    if (invalid[0]) {
      focusField(invalid[0]);
      return;
    }
    setSubmitting(true);
    try {
      await handler(values);
    } catch (error) {
      applyProblem(describeApiError(error));
    } finally {
      setSubmitting(false);
    }
  };

  return { values, setValue, field, handleSubmit, formError, setFormError, submitting };
}
