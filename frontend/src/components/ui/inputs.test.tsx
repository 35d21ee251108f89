import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import { Combobox } from "./Combobox";
import { Field } from "./Field";
import { TagInput } from "./TagInput";

const universities = [
  { id: "1", name: "University of Oxford", country: "United Kingdom" },
  { id: "2", name: "Oxford Brookes University", country: "United Kingdom" },
];

function UniversityBox({ onSelect }: { onSelect: (id: string) => void }) {
  const [text, setText] = useState("");
  const options = text.length > 1 ? universities.filter((u) => u.name.toLowerCase().includes(text.toLowerCase())) : [];
  return (
    <Field label="University">
      {(control) => (
        <Combobox
          control={control}
          name="university_id"
          inputValue={text}
          onInputChange={setText}
          onSelect={(u) => {
            setText(u.name);
            onSelect(u.id);
          }}
          options={options}
          optionKey={(u) => u.id}
          optionLabel={(u) => `${u.name}, ${u.country}`}
          renderOption={(u) => u.name}
          emptyMessage="No university matches that."
        />
      )}
    </Field>
  );
}

describe("Combobox", () => {
  it("suggests as you type and picks with the keyboard", async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup();
    render(<UniversityBox onSelect={onSelect} />);
    const box = screen.getByRole("combobox", { name: "University" });
    expect(box).toHaveAttribute("aria-expanded", "false");

    await user.type(box, "oxf");
    expect(box).toHaveAttribute("aria-expanded", "true");
    expect(screen.getAllByRole("option")).toHaveLength(2);
    expect(screen.getByText("2 suggestions; use the arrow keys to choose.")).toBeInTheDocument();

    await user.keyboard("{ArrowDown}{ArrowDown}");
    const second = screen.getByRole("option", { name: "Oxford Brookes University, United Kingdom" });
    expect(second).toHaveAttribute("aria-selected", "true");
    expect(box).toHaveAttribute("aria-activedescendant", second.id);

    await user.keyboard("{Enter}");
    expect(onSelect).toHaveBeenCalledWith("2");
    expect(box).toHaveValue("Oxford Brookes University");
    expect(box).toHaveAttribute("aria-expanded", "false");
  });

  it("picks with a click, closes with Escape, and says when nothing matches", async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup();
    render(<UniversityBox onSelect={onSelect} />);
    const box = screen.getByRole("combobox", { name: "University" });

    await user.type(box, "oxford");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("option")).toBeNull();

    await user.keyboard("{ArrowDown}");
    await user.click(screen.getByRole("option", { name: /University of Oxford/ }));
    expect(onSelect).toHaveBeenCalledWith("1");

    await user.clear(box);
    await user.type(box, "zzz");
    expect(screen.getByText("No university matches that.")).toBeVisible();
  });
});

function Interests({ max = 3 }: { max?: number }) {
  const [tags, setTags] = useState<string[]>(["chess"]);
  return (
    <Field label="Interests">
      {(control) => (
        <TagInput control={control} name="interests" value={tags} onChange={setTags} maxTags={max} maxLength={40} />
      )}
    </Field>
  );
}

describe("TagInput", () => {
  it("adds tags with Enter or comma, ignoring duplicates whatever their case", async () => {
    const user = userEvent.setup();
    render(<Interests max={5} />);
    const input = screen.getByRole("textbox", { name: "Interests" });

    await user.type(input, "climbing{Enter}jazz,CHESS{Enter}");
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["chess", "climbing", "jazz"]);
    expect(screen.getByText("CHESS is already there.")).toBeInTheDocument();
  });

  it("removes a tag with its button or Backspace in the empty box", async () => {
    const user = userEvent.setup();
    render(<Interests />);
    const input = screen.getByRole("textbox", { name: "Interests" });
    await user.type(input, "jazz{Enter}");

    await user.click(screen.getByRole("button", { name: "Remove chess" }));
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["jazz"]);
    await user.type(input, "{Backspace}");
    expect(screen.queryAllByRole("listitem")).toHaveLength(0);
    expect(screen.getByText("Removed jazz.")).toBeInTheDocument();
  });

  it("stops at the maximum", async () => {
    const user = userEvent.setup();
    render(<Interests max={2} />);
    await user.type(screen.getByRole("textbox", { name: "Interests" }), "jazz{Enter}");
    expect(screen.getByRole("textbox", { name: "Interests" })).toBeDisabled();
    expect(screen.getByRole("textbox", { name: "Interests" })).toHaveAttribute(
      "placeholder",
      "That's the maximum of 2",
    );
  });
});
