// English for event-paper.mn.ts.
export default {
  title: "—",
};
