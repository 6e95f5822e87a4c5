// Loads data for a component: { data, error, loading, reload }; stale answers are dropped.
import { DependencyList, useCallback, useEffect, useRef, useState } from "react";

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** `initial`: data already at hand (a settled prefetch): shown at once, the first load is skipped. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList, initial?: T): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(initial);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(initial === undefined);
  const skip = useRef(initial !== undefined);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (skip.current) {
      skip.current = false;
      return;
    }
    const controller = new AbortController();
    const run = ++latest.current;
    setLoading(true);
    setError(null);
    load(controller.signal).then(
      (value) => {
        if (run !== latest.current) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (run !== latest.current || controller.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
