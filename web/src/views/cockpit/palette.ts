// Series colours readable on the wall screen's dark blue: light, saturated, told apart at a
// distance (ECharts' default palette starts with a dark blue that vanishes there).
export const DARK_PALETTE = ['#4fc3f7', '#ffd54f', '#ff8a65', '#81c784', '#ce93d8', '#4dd0e1', '#f48fb1', '#aed581']

/** The wall screen's text colours. */
export const DARK_TEXT = '#dce8ff'
export const DARK_MUTED = '#9fb3d9'
export const DARK_LINE = 'rgba(159, 179, 217, 0.18)'
