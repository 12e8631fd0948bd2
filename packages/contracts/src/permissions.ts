import { z } from "zod";
import { PERMISSIONS, SCOPE_KINDS } from "./catalog";

export const ZPermission = z.enum(PERMISSIONS);
export const ZScopeKind = z.enum(SCOPE_KINDS);
