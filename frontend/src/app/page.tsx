import { OpenChatsWhenSignedIn } from "@/features/chat";
import { LandingPage } from "@/features/landing";

export default function Home() {
  return (
    <>
      <OpenChatsWhenSignedIn />
      <LandingPage />
    </>
  );
}
