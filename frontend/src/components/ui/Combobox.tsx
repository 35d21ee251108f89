"use client";

import { useId, useState, type KeyboardEvent, type ReactNode } from "react";

import { cn } from "@/lib/cn";

import type { ControlProps } from "./Field";
import { controlClasses } from "./Input";
import { Spinner } from "./Spinner";

interface ComboboxProps<T> {
  /** From `<Field>`: id and descriptions. */
  control: ControlProps;
  name: string;
  /** The text in the box. */
  inputValue: string;
  onInputChange: (text: string) => void;
  onSelect: (option: T) => void;
  onBlur?: () => void;
  options: readonly T[];
  optionKey: (option: T) => string;
  renderOption: (option: T) => ReactNode;
  /** What the screen reader hears for an option. */
  optionLabel: (option: T) => string;
  loading?: boolean;
  /** Shown when the text matched nothing. */
  emptyMessage?: ReactNode;
  placeholder?: string;
  icon?: ReactNode;
  disabled?: boolean;
  autoComplete?: string;
}

/**
 * An editable combobox with a list of suggestions (WAI-ARIA 1.2 pattern): type to search,
 * arrows to move through the suggestions, Enter to pick, Escape to close. Focus stays in the
 * text box; the active option is announced through aria-activedescendant.
 */
export function Combobox<T>({
  control,
  name,
  inputValue,
  onInputChange,
  onSelect,
  onBlur,
  options,
  optionKey,
  renderOption,
  optionLabel,
  loading = false,
  emptyMessage,
  placeholder,
  icon,
  disabled,
  autoComplete = "off",
}: ComboboxProps<T>) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;

  const showEmpty = !loading && options.length === 0 && inputValue.trim() !== "" && Boolean(emptyMessage);
  const expanded = open && (options.length > 0 || showEmpty);

  const choose = (option: T) => {
    onSelect(option);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        setOpen(true);
        setActive((i) => (options.length ? (i + 1) % options.length : -1));
        break;
      case "ArrowUp":
        event.preventDefault();
        setOpen(true);
        setActive((i) => (options.length ? (i <= 0 ? options.length - 1 : i - 1) : -1));
        break;
      case "Enter": {
        const option = expanded && active >= 0 ? options[active] : undefined;
        if (option !== undefined) {
          event.preventDefault();
          choose(option);
        }
        break;
      }
      case "Escape":
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        }
        break;
    }
  };

  return (
    <div className="relative">
      {icon ? (
        <span className="pointer-events-none absolute inset-y-0 left-0 flex w-11 items-center justify-center text-subtle">
          {icon}
        </span>
      ) : null}
      <input
        {...control}
        name={name}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        autoComplete={autoComplete}
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        value={inputValue}
        onChange={(event) => {
          onInputChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
          onBlur?.();
        }}
        onKeyDown={onKeyDown}
        className={cn(controlClasses, "h-11 pr-10", icon ? "pl-11" : "pl-3.5")}
      />
      {loading ? (
        <span className="pointer-events-none absolute inset-y-0 right-0 flex w-10 items-center justify-center text-subtle">
          <Spinner size="sm" />
        </span>
      ) : null}
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!expanded}
        className="absolute z-30 mt-2 max-h-72 w-full overflow-auto rounded-2xl border border-border bg-surface-raised p-1.5 shadow-xl shadow-brand-950/10"
      >
        {options.map((option, index) => (
          <li
            key={optionKey(option)}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            aria-label={optionLabel(option)}
            // Keep focus in the text box: choosing happens on click, after mousedown.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(option)}
            onMouseMove={() => setActive(index)}
            className={cn(
              "cursor-pointer rounded-xl px-3 py-2.5 text-sm",
              index === active ? "bg-primary-soft text-primary-soft-foreground" : "text-foreground",
            )}
          >
            {renderOption(option)}
          </li>
        ))}
        {showEmpty ? (
          <li role="presentation" className="px-3 py-2.5 text-sm text-muted">
            {emptyMessage}
          </li>
        ) : null}
      </ul>
      <span className="sr-only" aria-live="polite">
        {open && !loading && inputValue.trim()
          ? options.length === 0
            ? "No suggestions."
            : `${options.length} suggestion${options.length === 1 ? "" : "s"}; use the arrow keys to choose.`
          : ""}
      </span>
    </div>
  );
}
