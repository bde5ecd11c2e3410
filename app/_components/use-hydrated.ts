"use client";
// True once React has hydrated the page. Forms stay disabled until then, so nothing typed before
// hydration is lost and no form is ever submitted natively (which would put fields in the URL).
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
