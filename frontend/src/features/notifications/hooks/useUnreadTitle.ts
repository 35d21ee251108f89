"use client";

import { useEffect } from "react";

const PREFIX = /^\(\d+\+?\) /;

/**
 * "(3) Quad": the unread total in the tab's title, so a background tab says it too. Pages set
 * their own titles as the student moves (Next's metadata, the open chat's name): the prefix
 * is put back on whatever title comes.
 */
export function useUnreadTitle(count: number): void {
  useEffect(() => {
    const prefix = count > 0 ? `(${count > 99 ? "99+" : count}) ` : "";
    const apply = () => {
      const wanted = prefix + document.title.replace(PREFIX, "");
      // Idempotent, so the observer's own change ends here.
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(PREFIX, "");
    };
  }, [count]);
}
