// Strings for the event-plan pages (issue 9). Every key here must exist in event-plan.en.ts.
export default {
  title: "—",
};
