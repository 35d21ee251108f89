import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import { ToastProvider } from "@/components/ui";
import { SessionProvider } from "@/features/auth";
import { StoreProvider } from "@/lib/store-provider";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Quad: your campus, one chat away", template: "%s · Quad" },
  description: "Find classmates by university, course and interests, add friends and chat in real time.",
  applicationName: "Quad",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f5fb" },
    { media: "(prefers-color-scheme: dark)", color: "#0d0c14" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <StoreProvider>
          <SessionProvider>
            <ToastProvider>{children}</ToastProvider>
          </SessionProvider>
        </StoreProvider>
      </body>
    </html>
  );
}
