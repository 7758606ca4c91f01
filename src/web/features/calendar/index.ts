// The calendar area (/calendar), loaded as its own chunk when first shown, and the dialog of a
// new appointment that a customer's page opens (loaded on its first click).
export const calendarPages = {
  calendar: () => import('./CalendarPage.tsx'),
};
export const appointmentDialog = () => import('./AppointmentForm.tsx');
