import type { ReactNode } from "react";
import { ResidentLayout } from "../../../app/resident-layout";
import { LanguageSwitch } from "../../../components/language-switch";

/** The frame of the pages anyone may open without an account: the resident shell with a language switch. */
export function PublicFrame({ children }: { children: ReactNode }) {
  return <ResidentLayout headerEnd={<LanguageSwitch />}>{children}</ResidentLayout>;
}
