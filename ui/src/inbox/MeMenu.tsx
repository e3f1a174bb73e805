import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Availability, MemberDto } from "../bindings";
import { useSetAvailability } from "../backend/teamQueries";
import { Avatar } from "../components/Avatar";
import { Icon } from "../components/Icon";
import "./meMenu.css";

const CHOICES: readonly Availability[] = ["online", "away", "offline"];

/** The member using the app, at the foot of the sidebar: a menu to be online, away or offline. */
export function MeMenu({ me }: { me: MemberDto }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const set = useSetAvailability();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[aria-checked="true"]')?.focus();
    const onDown = (e: MouseEvent) => {
      const root = menu.current?.parentElement;
      if (root != null && e.target instanceof Node && !root.contains(e.target)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    const at = items.findIndex((el) => el === document.activeElement);
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = items[(at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      next?.focus();
    }
  };

  return (
    <span className="me-menu">
      <button
        ref={button}
        type="button"
        className="me"
        aria-haspopup="menu"
        aria-expanded={open}
        title={`${me.name} · ${t(`availability.${me.availability}`)}`}
        aria-label={t("handling.availabilityMenu", { availability: t(`availability.${me.availability}`) })}
        data-testid="me-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={me.name} color={me.color} size={28} />
        <span className={`presence presence-${me.availability}`} aria-hidden="true" />
        <span className="me-name">{me.name}</span>
      </button>
      {open ? (
        <ul ref={menu} className="me-menu-list" role="menu" aria-label={t("team.myAvailability")} onKeyDown={onKeyDown}>
          {CHOICES.map((a) => (
            <li key={a} role="none">
              <button
                type="button"
                role="menuitemradio"
                aria-checked={me.availability === a}
                className="me-menu-item"
                onClick={() => {
                  if (a !== me.availability) set.mutate(a);
                  close();
                }}
              >
                <span className={`presence-dot presence-${a}`} aria-hidden="true" />
                {t(`availability.${a}`)}
                {me.availability === a ? <Icon name="check" size={13} className="me-menu-check" /> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}
