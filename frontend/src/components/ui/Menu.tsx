"use client";

import Link from "next/link";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from "react";

import { cn } from "@/lib/cn";

const MenuContext = createContext<{ close: () => void } | null>(null);

interface MenuProps {
  /** The button's content; `label` names it for screen readers. */
  trigger: ReactNode;
  label: string;
  children: ReactNode;
  triggerClassName?: string;
  align?: "start" | "end";
}

/**
 * A menu button (WAI-ARIA APG): Enter, Space or ArrowDown open it on the first item,
 * arrows and Home/End move, Escape or Tab close it and focus goes back to the button.
 */
export function Menu({ trigger, label, children, triggerClassName, align = "end" }: MenuProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  const close = useCallback((returnFocus = true) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open, close]);

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number) => all[(i + all.length) % all.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focus(index + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focus(index - 1);
        break;
      case "Home":
        event.preventDefault();
        focus(0);
        break;
      case "End":
        event.preventDefault();
        focus(all.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        close();
        break;
      case "Tab":
        close(false);
        break;
    }
  };

  return (
    <div ref={containerRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className={triggerClassName}
      >
        {trigger}
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKeyDown}
          className={cn(
            "absolute top-full z-40 mt-2 w-64 origin-top animate-fade-in rounded-2xl border border-border bg-surface-raised p-1.5 shadow-xl shadow-brand-950/10",
            align === "end" ? "right-0" : "left-0",
          )}
        >
          <MenuContext.Provider value={{ close: () => close(false) }}>{children}</MenuContext.Provider>
        </div>
      ) : null}
    </div>
  );
}

const itemClasses =
  "flex w-full items-center gap-3 rounded-xl px-3 py-2.5 text-left text-sm font-medium text-foreground outline-none hover:bg-surface-muted focus-visible:bg-surface-muted focus-visible:outline-none";

export function MenuLink({ href, icon, children }: { href: string; icon?: ReactNode; children: ReactNode }) {
  const menu = useContext(MenuContext);
  return (
    <Link href={href} role="menuitem" tabIndex={-1} className={itemClasses} onClick={() => menu?.close()}>
      <span className="text-muted">{icon}</span>
      {children}
    </Link>
  );
}

export function MenuButton({
  onSelect,
  icon,
  children,
}: {
  onSelect: () => void;
  icon?: ReactNode;
  children: ReactNode;
}) {
  const menu = useContext(MenuContext);
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      className={itemClasses}
      onClick={() => {
        menu?.close();
        onSelect();
      }}
    >
      <span className="text-muted">{icon}</span>
      {children}
    </button>
  );
}

export function MenuHeader({ children }: { children: ReactNode }) {
  return <div className="mb-1 border-b border-border px-3 pt-2 pb-3">{children}</div>;
}
