// Coalescing the board's metrics re-reads (app/(app)/board/board-coalesce.ts): a burst of moves asks for
// board.metrics once, at most once per wait, and never later than one wait after a move.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { coalesce } from "@/app/(app)/board/board-coalesce";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it("runs once for a burst of requests, exactly one wait after the first", () => {
  const action = vi.fn();
  const c = coalesce(action, 2_000);
  c.request();
  vi.advanceTimersByTime(500);
  c.request();
  vi.advanceTimersByTime(1_499);
  c.request();
  expect(action).toHaveBeenCalledTimes(0);
  vi.advanceTimersByTime(1);
  expect(action).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(10_000);
  expect(action).toHaveBeenCalledTimes(1);
});

it("a steady stream of requests runs it once per wait, not never", () => {
  const action = vi.fn();
  const c = coalesce(action, 2_000);
  for (let ms = 0; ms < 6_000; ms += 250) {
    c.request();
    vi.advanceTimersByTime(250);
  }
  expect(action).toHaveBeenCalledTimes(3);
  vi.advanceTimersByTime(2_000);
  expect(action).toHaveBeenCalledTimes(3);
});

it("a request after the action ran starts a new wait", () => {
  const action = vi.fn();
  const c = coalesce(action, 2_000);
  c.request();
  vi.advanceTimersByTime(2_000);
  c.request();
  vi.advanceTimersByTime(1_999);
  expect(action).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(1);
  expect(action).toHaveBeenCalledTimes(2);
});

it("flush runs a waiting request now and only once; with nothing waiting it does nothing", () => {
  const action = vi.fn();
  const c = coalesce(action, 2_000);
  c.flush();
  expect(action).toHaveBeenCalledTimes(0);
  c.request();
  c.flush();
  expect(action).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(5_000);
  expect(action).toHaveBeenCalledTimes(1);
});

it("cancel drops a waiting request", () => {
  const action = vi.fn();
  const c = coalesce(action, 2_000);
  c.request();
  c.cancel();
  vi.advanceTimersByTime(5_000);
  c.flush();
  expect(action).toHaveBeenCalledTimes(0);
});
