// English for roll-call.mn.ts.
export default {
  title: "—",
};
