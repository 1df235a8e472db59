// English for reports-map.mn.ts.
export default {
  desc: "{{measure}} by aimag and the capital. Highest: {{maxName}} ({{maxDisplay}}); lowest: {{minName}} ({{minDisplay}}).",
  descNone: "{{measure}}: no data for any aimag or the capital.",
  descNoData: "No data: {{names}}.",
  noData: "No data",
  tile: "{{name}}: {{display}}",
  tileNoData: "{{name}}: no data",
  range: "{{from}}–{{to}}",
  legend: "Key",
  layout: "Each aimag is drawn as an equal hexagon placed roughly where it lies; these are not borders.",
  table: "Show as a table",
  place: "Aimag or capital",
};
