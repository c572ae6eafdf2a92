/**
 * The phone sheet's height limits, % of the map: the shell starts the sheet at SHEET_START
 * without loading the grip (kp-sheet-handle, fetched when a sheet first opens).
 */
export const SHEET_MIN = 20;
export const SHEET_MAX = 85;
export const SHEET_START = 50;
