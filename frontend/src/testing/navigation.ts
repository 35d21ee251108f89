import { vi } from "vitest";

/**
 * A stand-in for next/navigation (there is no Next router in unit tests):
 *   vi.mock("next/navigation", () => import("@/testing/navigation"));
 * then drive `navigation.search` and read `navigation.router.replace` calls.
 */
export const navigation = {
  pathname: "/",
  search: new URLSearchParams(),
  router: { replace: vi.fn(), push: vi.fn(), back: vi.fn(), refresh: vi.fn(), prefetch: vi.fn(), forward: vi.fn() },
  reset() {
    this.pathname = "/";
    this.search = new URLSearchParams();
    for (const fn of Object.values(this.router)) fn.mockReset();
  },
};

export const useRouter = () => navigation.router;
export const usePathname = () => navigation.pathname;
export const useSearchParams = () => navigation.search;
