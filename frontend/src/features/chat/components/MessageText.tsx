import Linkify from "linkify-react";
import type { Opts } from "linkifyjs";

/**
 * A message's text as text (React escapes it: `<img onerror=…>` shows as those characters),
 * line breaks kept, and web addresses, e-mail addresses made into links that open apart
 * from Quad and pass no referrer.
 */
const options: Opts = {
  defaultProtocol: "https",
  target: { url: "_blank" },
  rel: "noopener noreferrer nofollow",
  className: "font-medium underline underline-offset-2 [overflow-wrap:anywhere]",
};

export function MessageText({ body }: { body: string }) {
  return (
    <p className="text-[0.9375rem] leading-snug [overflow-wrap:anywhere] whitespace-pre-wrap">
      <Linkify options={options}>{body}</Linkify>
    </p>
  );
}
