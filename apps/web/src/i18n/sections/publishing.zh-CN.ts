/** Strings of what staff choose to publish: public step notes and private categories (ADR 0010). */
export const publishingZhCN = {
  "cases.action.isPublic": "公开此说明",
  "cases.action.isPublicHint": "勾选后，Open311 与反映人查询页会显示这段说明，其中的电话、证件号、邮箱、车牌、房号自动隐去；不勾选则仅内部可见。",
} as const;
