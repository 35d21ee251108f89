import type { Metadata } from "next";
import { Suspense } from "react";

import { StudentProfileFromLink } from "@/features/discovery";

export const metadata: Metadata = { title: "Student profile" };

export default function StudentPage() {
  return (
    <Suspense>
      <StudentProfileFromLink />
    </Suspense>
  );
}
