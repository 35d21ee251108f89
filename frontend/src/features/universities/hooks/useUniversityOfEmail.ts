"use client";

import type { University } from "@/lib/api-schema";
import { useDebouncedValue } from "@/lib/hooks";

import { useUniversitiesOfDomainQuery } from "../api";

// A domain as the API's `domain` parameter takes it: labels of letters, digits and inner
// hyphens, a top level of two letters or more (internationalised names in punycode).
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])$/;

/**
 * The domain of an address that looks complete, as the API takes it ("ada@Student.UCL.ac.uk"
 * → "student.ucl.ac.uk", "uni-köln.de" in punycode), else null (half typed, not an address).
 */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1) return null;
  const typed = email
    .slice(at + 1)
    .trim()
    .replace(/\.$/, "");
  if (!typed || /[\s/:?#[\]\\]/.test(typed)) return null;
  let host: string;
  try {
    host = new URL(`http://${typed}`).hostname; // lower case, punycode
  } catch {
    return null;
  }
  return host.length <= 253 && HOST.test(host) ? host : null;
}

/**
 * The university an e-mail address belongs to (the owner of its domain or of a parent:
 * student.ucl.ac.uk is UCL's), asked once the address has stopped changing; null while
 * there is none. Only the domain is sent, never the address.
 */
export function useUniversityOfEmail(email: string, delayMs = 350): University | null {
  const domain = emailDomain(useDebouncedValue(email, delayMs));
  const { currentData } = useUniversitiesOfDomainQuery(domain ?? "", { skip: domain === null });
  return domain === null ? null : (currentData?.items[0] ?? null);
}
