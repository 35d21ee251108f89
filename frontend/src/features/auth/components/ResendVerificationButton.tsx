"use client";

import { Button, MailIcon, useToast, type ButtonVariant, type ButtonSize } from "@/components/ui";
import { describeApiError } from "@/lib/errors";
import { profileApi, useMe } from "@/features/profile";
import { useAppDispatch } from "@/lib/hooks";

import { useResendVerificationMutation } from "../api";

interface Props {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
  label?: string;
}

/** Mails a fresh verification link, and says so. */
export function ResendVerificationButton({
  variant = "secondary",
  size = "sm",
  className,
  label = "Send a new link",
}: Props) {
  const [resend, { isLoading }] = useResendVerificationMutation();
  const { data: me } = useMe();
  const toast = useToast();
  const dispatch = useAppDispatch();

  const onClick = async () => {
    try {
      await resend().unwrap();
      toast({ title: "Link sent", description: me ? `Check ${me.email}.` : "Check your inbox.", tone: "success" });
    } catch (error) {
      const problem = describeApiError(error);
      if (problem.code === "email_already_verified") {
        dispatch(profileApi.util.invalidateTags(["Me"]));
        toast({ title: "You're already confirmed", tone: "success" });
      } else {
        toast({ title: "We couldn't send the link", description: problem.message, tone: "error" });
      }
    }
  };

  return (
    <Button
      variant={variant}
      size={size}
      className={className}
      loading={isLoading}
      onClick={onClick}
      icon={<MailIcon className="size-4" />}
    >
      {label}
    </Button>
  );
}
