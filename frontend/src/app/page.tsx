import { LandingPage } from "@/features/landing";

export default function Home() {
  return <LandingPage />;
}
