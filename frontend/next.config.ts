import type { NextConfig } from "next";

// A static export: the API serves these files at `/`, so Quad runs from one URL with no
// Node server. Pages that need an id read it from the query string on the client.
const nextConfig: NextConfig = {
  output: "export",
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
