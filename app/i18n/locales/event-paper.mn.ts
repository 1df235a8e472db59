// Strings for the event-paper pages (issue 9). Every key here must exist in event-paper.en.ts.
export default {
  title: "—",
};
