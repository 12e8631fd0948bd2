import { useState } from "react";
import { useProblemHandler } from "./use-problem";

export interface Reveal<T> {
  /** What the reveal returned while it is shown; null while masked. */
  shown: T | null;
  isShown: boolean;
  /** The reveal call is under way. */
  isLoading: boolean;
  /** Shows the unmasked values (calling the API the first time), or masks them again. */
  toggle: () => Promise<void>;
}

/**
 * The audited reveal of personal data (personal.unmask): the first reveal calls `load`, the API's
 * reveal endpoint, which writes the audit entry; what it returned is kept, so toggling back and
 * forth reads nothing more. A failed call shows the problem's message and stays masked.
 * `onRevealed` runs after a successful call (e.g. to say the read was audited).
 */
export function useReveal<T>(load: () => Promise<T>, onRevealed?: () => void): Reveal<T> {
  const onProblem = useProblemHandler();
  const [revealed, setRevealed] = useState<T | null>(null);
  const [isShown, setIsShown] = useState(false);
  const [isLoading, setIsLoading] = useState(false);

  const toggle = async () => {
    if (isShown) {
      setIsShown(false);
      return;
    }
    if (revealed === null) {
      setIsLoading(true);
      try {
        setRevealed(await load());
        onRevealed?.();
      } catch (err) {
        onProblem(err);
        return;
      } finally {
        setIsLoading(false);
      }
    }
    setIsShown(true);
  };

  return { shown: isShown ? revealed : null, isShown, isLoading, toggle };
}
