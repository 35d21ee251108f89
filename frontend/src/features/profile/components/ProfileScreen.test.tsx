import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { buildTokens, buildUserMe, errorEnvelope } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { FakeXhr } from "@/testing/fake-xhr";
import { renderWithApp } from "@/testing/render";

import { ProfileScreen } from "./ProfileScreen";

function photo(name = "me.png", type = "image/png", bytes = 2048) {
  return new File([new Uint8Array(bytes)], name, { type });
}

describe("ProfileScreen", () => {
  it("shows the profile as classmates see it, with the verified badge", async () => {
    const me = buildUserMe({
      verified_student: true,
      email_verified: true,
      bio: "Poetical science.",
      interests: ["poetry", "engines"],
    });
    new FakeApi().on("GET /users/me", json(200, me)).install();
    renderWithApp(<ProfileScreen />, { accessToken: "t" });

    expect(screen.getByLabelText("Loading your profile")).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Ada Lovelace" })).toBeInTheDocument();
    expect(screen.getByText("Verified student")).toBeInTheDocument();
    expect(screen.getByText("Poetical science.")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Interests" })).toHaveTextContent("poetryengines");
    expect(screen.getByText("Confirmed")).toBeInTheDocument();
  });

  it("offers to try again when the profile cannot be loaded", async () => {
    const fake = new FakeApi()
      .on("GET /users/me", json(503, errorEnvelope("service_unavailable", "Quad is briefly unavailable.")))
      .install();
    const { user } = renderWithApp(<ProfileScreen />, { accessToken: "t" });

    expect(await screen.findByRole("alert")).toHaveTextContent("Quad is briefly unavailable.");
    fake.on("GET /users/me", json(200, buildUserMe()));
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Ada Lovelace" })).toBeInTheDocument();
  });

  it("saves only what changed, and shows the result", async () => {
    const me = buildUserMe({ interests: ["chess"] });
    const fake = new FakeApi()
      .on("GET /users/me", json(200, me))
      .on("PATCH /users/me", (call) => json(200, { ...me, ...(call.body as object) }))
      .install();
    const { user } = renderWithApp(<ProfileScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "Edit profile" }));
    await user.type(screen.getByLabelText(/^Bio/), "Engines and poems.");
    await user.type(screen.getByRole("textbox", { name: /Interests/ }), "poetry{Enter}");
    await user.click(screen.getByRole("button", { name: "Save profile" }));

    expect(await screen.findByText("Profile saved")).toBeInTheDocument();
    expect(fake.callsTo("PATCH /users/me")[0]?.body).toEqual({
      bio: "Engines and poems.",
      interests: ["chess", "poetry"],
    });
    expect(screen.getByText("Engines and poems.")).toBeInTheDocument();
  });

  it("shows the server's field errors in the editor", async () => {
    new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on(
        "PATCH /users/me",
        json(
          422,
          errorEnvelope("validation_error", "String should have at most 40 characters", [
            { field: "interests.0", message: "String should have at most 40 characters" },
          ]),
        ),
      )
      .install();
    const { user } = renderWithApp(<ProfileScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "Edit profile" }));
    await user.type(screen.getByRole("textbox", { name: /Interests/ }), "x{Enter}");
    await user.click(screen.getByRole("button", { name: "Save profile" }));

    expect(await screen.findByText("String should have at most 40 characters")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: /Interests/ })).toHaveAttribute("aria-invalid", "true");
  });

  it("uploads a photo with a preview and progress, then shows the stored one", async () => {
    FakeXhr.install();
    vi.stubGlobal(
      "URL",
      Object.assign(URL, { createObjectURL: vi.fn(() => "blob:preview"), revokeObjectURL: vi.fn() }),
    );
    // jsdom loads no images: treat the stored photo as loaded at once.
    vi.stubGlobal(
      "Image",
      class {
        onload: (() => void) | null = null;
        set src(_: string) {
          queueMicrotask(() => this.onload?.());
        }
      },
    );
    const me = buildUserMe();
    new FakeApi().on("GET /users/me", json(200, me)).install();
    const { user, container } = renderWithApp(<ProfileScreen />, { accessToken: "token-1" });
    await screen.findByRole("heading", { name: "Ada Lovelace" });

    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    await user.upload(input, photo());

    const request = FakeXhr.latest();
    expect(request.method).toBe("PUT");
    expect(request.url).toBe("http://api.test/api/v1/users/me/avatar");
    expect(request.headers.Authorization).toBe("Bearer token-1");
    expect((request.body as FormData).get("file")).toBeInstanceOf(File);
    expect(container.querySelector('img[src="blob:preview"]')).not.toBeNull();

    act(() => request.progress(512, 2048));
    expect(screen.getByRole("progressbar", { name: "Uploading your photo" })).toHaveAttribute("aria-valuenow", "25");

    await act(async () => request.respond(200, { ...me, avatar_url: "http://api.test/media/avatars/a.webp" }));
    expect(await screen.findByText("Photo updated")).toBeInTheDocument();
    await waitFor(() =>
      expect(container.querySelector('img[src="http://api.test/media/avatars/a.webp"]')).not.toBeNull(),
    );
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("retries an upload once with a refreshed token after a 401", async () => {
    FakeXhr.install();
    vi.stubGlobal(
      "URL",
      Object.assign(URL, { createObjectURL: vi.fn(() => "blob:preview"), revokeObjectURL: vi.fn() }),
    );
    const me = buildUserMe();
    const fake = new FakeApi()
      .on("GET /users/me", json(200, me))
      .on("POST /auth/refresh", json(200, buildTokens("token-2")))
      .install();
    const { user, container } = renderWithApp(<ProfileScreen />, { accessToken: "token-1" });
    await screen.findByRole("heading", { name: "Ada Lovelace" });

    await user.upload(container.querySelector<HTMLInputElement>('input[type="file"]')!, photo());
    await act(async () => FakeXhr.latest().respond(401, errorEnvelope("invalid_token", "Expired.")));

    await waitFor(() => expect(FakeXhr.requests).toHaveLength(2));
    expect(fake.callsTo("POST /auth/refresh")).toHaveLength(1);
    expect(FakeXhr.latest().headers.Authorization).toBe("Bearer token-2");
  });

  it("refuses a file that is not a photo before sending anything", async () => {
    FakeXhr.install();
    new FakeApi().on("GET /users/me", json(200, buildUserMe())).install();
    const { container } = renderWithApp(<ProfileScreen />, { accessToken: "t" });
    await screen.findByRole("heading", { name: "Ada Lovelace" });

    // The picker's filter can be switched to "All files"; the page checks again.
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [photo("notes.pdf", "application/pdf")] } });

    expect(await screen.findByRole("alert")).toHaveTextContent("Choose a JPEG, PNG or WebP image.");
    expect(FakeXhr.requests).toHaveLength(0);
  });

  it("says what the server said about a rejected photo", async () => {
    FakeXhr.install();
    vi.stubGlobal(
      "URL",
      Object.assign(URL, { createObjectURL: vi.fn(() => "blob:preview"), revokeObjectURL: vi.fn() }),
    );
    new FakeApi().on("GET /users/me", json(200, buildUserMe())).install();
    const { user, container } = renderWithApp(<ProfileScreen />, { accessToken: "t" });
    await screen.findByRole("heading", { name: "Ada Lovelace" });

    await user.upload(container.querySelector<HTMLInputElement>('input[type="file"]')!, photo());
    await act(async () =>
      FakeXhr.latest().respond(415, errorEnvelope("unsupported_media_type", "Upload a JPEG, PNG or WebP image.")),
    );

    expect(await screen.findByRole("alert")).toHaveTextContent("Upload a JPEG, PNG or WebP image.");
  });
});
