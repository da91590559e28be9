/**
 * The working calendar: national schedule, center closures and extra days, weekly hours from center settings.
 * Other modules use only what is exported here; the calendar models stay private.
 */
export { calendarFor, invalidateCalendar, dayRange, spanText, weeklyMinutes, weeklyHours } from './calendar.service';
export { nationalSchedule } from './national-schedule';
export { calendarRoutes, adminCalendarRoutes } from './calendar.routes';
