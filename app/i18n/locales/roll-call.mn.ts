// Strings for the roll-call pages (issue 9). Every key here must exist in roll-call.en.ts.
export default {
  title: "—",
};
