/** The two levels of the case-category dictionary: 大类 (a class) and 小类 (a subclass, what reports are filed under). */
export const CATEGORY_LEVEL = {
  /** 大类: a class such as 01 市容环境. */
  class: 1,
  /** 小类: a subclass such as 共享单车乱停放; reports are filed under subclasses only. */
  subclass: 2,
} as const;

/** A category level, 1 or 2. */
export type CategoryLevel = (typeof CATEGORY_LEVEL)[keyof typeof CATEGORY_LEVEL];
