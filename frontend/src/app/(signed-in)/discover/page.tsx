import type { Metadata } from "next";
import { Suspense } from "react";

import { DiscoverScreen } from "@/features/discovery";

export const metadata: Metadata = { title: "Discover classmates" };

export default function DiscoverPage() {
  // The filters are read from the query string, in the browser.
  return (
    <Suspense>
      <DiscoverScreen />
    </Suspense>
  );
}
