/** Chinese strings of the shell: notifications, the reference date (merged into zh-CN.ts; keys unique across sections). */
export const appZhCN = {
  "notifications.title": "通知",
  "notifications.bell": "通知",
  "notifications.bellUnread": "通知，{count} 条未读",
  "notifications.readAll": "全部已读",
  "notifications.empty": "暂无通知",
  "notifications.unreadMark": "未读：",

  "reference.title": "参考日期",
  "reference.explain": "统计页面（考核评价等）默认统计到这一天。示例数据截至其最后一天；正式使用时请改回“今天”。处置时限、预警和升级始终按当前时间计时。",
  "reference.today": "今天（{date}）",
  "reference.pick": "选择日期",
  "reference.useToday": "改为今天",
  "reference.saved": "参考日期已保存",
  "reference.note": "示例数据截至 {date}：统计页面默认按此日期计算，处置时限仍按当前时间计时。",
  "reference.asOf": "参考日期 {date}",
} as const;
