// English: the printed documents (weekly bulletin, contest report, receipt). Same keys as zh-CN.bulletin.ts.
export default {
  bulletin: {
    weekly: 'Print weekly bulletin',
    weeklyTitle: 'Print the weekly bulletin',
    week: 'Week',
    weekHint: 'Defaults to the last full week; printing a week again keeps its issue number',
    contest: 'Contest report',
    receipt: 'Print receipt',
    download: 'Download PDF',
    cancel: 'Cancel',
  },
}
