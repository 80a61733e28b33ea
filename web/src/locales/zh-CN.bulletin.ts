// 简体中文: the printed documents (周通报, 竞赛月报, 回执). en.bulletin.ts has the same keys.
export default {
  bulletin: {
    weekly: '打印周通报',
    weeklyTitle: '打印周通报',
    week: '周次',
    weekHint: '默认上一个完整周；同一周再次打印期号不变',
    contest: '竞赛月报',
    receipt: '打印回执',
    download: '下载 PDF',
    cancel: '取消',
  },
}
