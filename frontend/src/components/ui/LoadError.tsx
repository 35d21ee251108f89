import { describeApiError } from "@/lib/errors";

import { Alert } from "./Alert";
import { Button } from "./Button";

/** Something that could not be loaded: what went wrong, in words, and another go. */
export function LoadError({ title, error, onRetry }: { title: string; error: unknown; onRetry: () => void }) {
  return (
    <Alert
      tone="danger"
      role="alert"
      title={title}
      action={
        <Button size="sm" variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      }
    >
      {describeApiError(error).message}
    </Alert>
  );
}
