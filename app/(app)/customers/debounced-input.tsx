"use client";
// A text input that reports what was typed once typing pauses (300 ms), so each keystroke does not
// start a load (issue 15 item 1: "search waits for a pause in typing"), and follows its value when
// it changes from outside (a saved view applied, filters cleared).
import { useEffect, useState, type InputHTMLAttributes } from "react";

export const TYPING_PAUSE_MS = 300;

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & {
  value: string;
  onCommit: (value: string) => void;
};

export function DebouncedInput({ value, onCommit, ...props }: Props) {
  const [draft, setDraft] = useState(value);
  // When the value changes (this input's own report coming back, or a change from outside), the
  // input shows it.
  const [previous, setPrevious] = useState(value);
  if (value !== previous) {
    setPrevious(value);
    setDraft(value);
  }

  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onCommit(draft), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [draft, value, onCommit]);

  return <input {...props} value={draft} onChange={(e) => setDraft(e.target.value)} />;
}
