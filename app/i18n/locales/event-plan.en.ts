// English for event-plan.mn.ts.
export default {
  title: "—",
};
