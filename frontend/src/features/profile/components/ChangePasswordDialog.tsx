"use client";

import { Alert, Button, Dialog, PasswordField, useToast } from "@/components/ui";
import { useForm } from "@/lib/forms";
import { newPasswordProblem } from "@/lib/validation";

import { useChangePasswordMutation } from "../api";

interface Values extends Record<string, unknown> {
  current_password: string;
  new_password: string;
}

function validate(values: Values) {
  return {
    current_password: values.current_password ? undefined : "Enter your current password.",
    new_password: newPasswordProblem(values.new_password),
  };
}

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const toast = useToast();
  const [changePassword] = useChangePasswordMutation();
  const form = useForm<Values>({
    initialValues: { current_password: "", new_password: "" },
    validate,
    codeFields: { wrong_password: "current_password" },
  });

  return (
    <form
      noValidate
      onSubmit={form.handleSubmit(async (values) => {
        await changePassword(values).unwrap();
        toast({ title: "Password changed", description: "Your other devices were logged out.", tone: "success" });
        onDone();
      })}
      className="space-y-4"
    >
      {form.formError ? (
        <Alert tone="danger" role="alert">
          {form.formError}
        </Alert>
      ) : null}
      <PasswordField label="Current password" autoComplete="current-password" {...form.field("current_password")} />
      <PasswordField
        label="New password"
        autoComplete="new-password"
        hint="At least 8 characters."
        {...form.field("new_password")}
      />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Change password
        </Button>
      </div>
    </form>
  );
}

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Change your password"
      description="You stay logged in here; other devices are logged out."
    >
      {open ? <ChangePasswordForm onDone={onClose} /> : null}
    </Dialog>
  );
}
