// Words shared by every page about training events (issue 9). Every key here must exist in events.en.ts.
export default {
  title: "Сургалтын арга хэмжээ",
  campaign: "Аян",
  campaigns: "Аянууд",
  audience: {
    khurdan_tseg: "Хурдан цэгийн албан хаагч",
    sum_operator: "Сумын оператор",
    request_registry: "Үйлчилгээний хүсэлт бүртгэлийн албан хаагч",
    citizen: "Иргэн",
  },
  marks: {
    present: "Ирсэн",
    late: "Хоцорсон",
    absent: "Ирээгүй",
    excused: "Чөлөөтэй",
  },
  registration: {
    registered: "Бүртгүүлсэн",
    waiting: "Хүлээлгийн жагсаалтад",
    cancelled: "Цуцалсан",
  },
  status: {
    scheduled: "Товлогдсон",
    cancelled: "Цуцлагдсан",
  },
  dashboard: {
    title: "Танхимын сургалт",
    upcoming: "Удахгүй болох сургалт",
  },
  forCourse: {
    title: "Танхимын сургалт",
    lead: "Энэ сургалтыг дүүргэхэд танхимын сургалтад хамрагдаж ирцээ бүртгүүлэх шаардлагатай. Өөрийн аймгийн ойрын сургалтад бүртгүүлнэ үү.",
    none: "Одоогоор товлосон танхимын сургалт алга. Аймгийн зохицуулагчаасаа асууна уу.",
    all: "Бүх сургалтын арга хэмжээ",
  },
  problems: {
    notFound: "Ийм сургалт олдсонгүй.",
    forbidden: "Танд энэ үйлдлийг хийх эрх алга.",
    cancelled: "Энэ сургалт цуцлагдсан.",
    ended: "Энэ сургалт дууссан тул бүртгэл хаагдсан.",
    noSessions: "Дор хаяж нэг хичээллэх өдөр, цаг оруулна уу.",
    sessionHasMarks: "Ирц бүртгэгдсэн өдрийг хасах боломжгүй.",
    emailTaken: "Энэ цахим шуудангаар бүртгэлтэй хүн байна. Хайлтаар олж нэмнэ үү.",
    badPlace: "Сум аймагтаа харьяалагдахгүй байна.",
  },
};
