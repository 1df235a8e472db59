// The map of aimags on the dashboards (app/features/reports/aimag-map.tsx). Every key here must exist in reports-map.en.ts.
export default {
  desc: "{{measure}}, аймаг, нийслэлээр. Хамгийн их нь {{maxName}} ({{maxDisplay}}), хамгийн бага нь {{minName}} ({{minDisplay}}).",
  descNone: "{{measure}}: аль ч аймаг, нийслэлд мэдээлэл алга.",
  descNoData: "Мэдээлэлгүй: {{names}}.",
  noData: "Мэдээлэл алга",
  tile: "{{name}}: {{display}}",
  tileNoData: "{{name}}: мэдээлэл алга",
  range: "{{from}}–{{to}}",
  legend: "Тайлбар",
  layout: "Аймаг бүрийг ижил хэмжээтэй зургаан өнцөгтөөр, байршлынх нь ойролцоо дүрсэлсэн; хил биш.",
  table: "Хүснэгтээр харах",
  place: "Аймаг, нийслэл",
};
