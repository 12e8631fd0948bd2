import { useCallback, useEffect, useRef, useState } from "react";
import type { Page } from "./types";

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the request again. */
  reload: () => void;
  /** Replaces the data locally (after a write returned the fresh record). */
  setData: (data: T) => void;
}

/** Runs `load` whenever `deps` change; stale answers of superseded runs are dropped. */
export function useRequest<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true): RequestState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(enabled);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    let isCurrent = true;
    setLoading(true);
    setError(undefined);
    loadRef.current().then(
      (result) => {
        if (!isCurrent) return;
        setData(result);
        setLoading(false);
      },
      (err: unknown) => {
        if (!isCurrent) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      isCurrent = false;
    };
    // Deliberately keyed on the caller's deps: `load` is read through a ref.
  }, [...deps, tick, enabled]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

export interface CursorListState<T> {
  items: T[];
  error: unknown;
  /** First page loading. */
  loading: boolean;
  /** A further page loading. */
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
  /** Starts again from the first page. */
  reload: () => void;
  /** Swaps one item in place (matched by id) after a write. */
  replaceItem: (item: T & { id: string }) => void;
}

/** A "load more" list over a cursor-paginated endpoint; restarts whenever `deps` change. */
export function useCursorList<T extends { id: string }>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: readonly unknown[],
): CursorListState<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    const run = ++generation.current;
    setLoading(true);
    setError(undefined);
    fetchRef.current(undefined).then(
      (page) => {
        if (run !== generation.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        if (run !== generation.current) return;
        setError(err);
        setItems([]);
        setCursor(null);
        setLoading(false);
      },
    );
    // Deliberately keyed on the caller's deps: `fetchPage` is read through a ref.
  }, [...deps, tick]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const run = generation.current;
    setLoadingMore(true);
    fetchRef.current(cursor).then(
      (page) => {
        if (run !== generation.current) return;
        setItems((prev) => [...prev, ...page.items]);
        setCursor(page.nextCursor);
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (run !== generation.current) return;
        setError(err);
        setLoadingMore(false);
      },
    );
  }, [cursor, loadingMore]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const replaceItem = useCallback((item: T & { id: string }) => {
    setItems((prev) => prev.map((existing) => (existing.id === item.id ? item : existing)));
  }, []);

  return { items, error, loading, loadingMore, hasMore: cursor !== null, loadMore, reload, replaceItem };
}
