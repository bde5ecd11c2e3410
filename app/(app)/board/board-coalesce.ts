// Coalesces bursts of requests into one call (pure apart from the timer, client-safe): the first
// request starts a wait of `ms`; requests during the wait join it; when the wait ends the action runs
// once. So the action runs at most once per `ms`, never later than `ms` after a request, and a steady
// stream of requests cannot put it off for ever (unlike a debounce that restarts on every request).

export type Coalescer = {
  /** Asks for the action: it runs when the current wait ends (starting one if none is running). */
  request: () => void;
  /** Runs the action now if a request is waiting (leaving the page, say); else does nothing. */
  flush: () => void;
  /** Drops a waiting request without running the action. */
  cancel: () => void;
};

/** A coalescer of `action` over waits of `ms` milliseconds. */
export function coalesce(action: () => void, ms: number): Coalescer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    action();
  };
  return {
    request: () => {
      timer ??= setTimeout(run, ms);
    },
    flush: () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      run();
    },
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
