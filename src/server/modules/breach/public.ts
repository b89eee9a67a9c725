/**
 * What breach reporting offers other modules (its entry for them; index.ts is its manifest): the
 * clocks that keep an incident open, moving the clocks when an incident's awareness date is
 * corrected, the clocks' names, and the home page's count of clocks due soon.
 */
export { clocksBlockingClose, realignClocks, type ClockChangeNote } from './breach.clocks.js';
export { CLOCK_LABEL } from './breach.words.js';
export { countClocksDueSoon } from './breach.read.js';
