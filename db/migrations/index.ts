// Static migration list: works in Vitest, in tsx scripts and inside the built server alike.
import type { Migration } from "kysely";
import * as m0001 from "./0001_init";
import * as m0002 from "./0002_geography";
import * as m0003 from "./0003_learning";
import * as m0004 from "./0004_certificates";
import * as m0005 from "./0005_password_reset";
import * as m0006 from "./0006_login_throttle";
import * as m0007 from "./0007_training_events";
import * as m0008 from "./0008_report_facts";
import * as m0009 from "./0009_enrolment_adjustments";
import * as m0010 from "./0010_place_summaries";
import * as m0011 from "./0011_outbox";
import * as m0012 from "./0012_notifications";
import * as m0013 from "./0013_attempt_flags";
import * as m0014 from "./0014_exam_statistics";
import * as m0015 from "./0015_course_trainers";
import * as m0016 from "./0016_exam_statistics_summary";
import * as m0017 from "./0017_content_versions";
import * as m0018 from "./0018_retention";

export const migrations: Record<string, Migration> = {
  "0001_init": m0001,
  "0002_geography": m0002,
  "0003_learning": m0003,
  "0004_certificates": m0004,
  "0005_password_reset": m0005,
  "0006_login_throttle": m0006,
  "0007_training_events": m0007,
  "0008_report_facts": m0008,
  "0009_enrolment_adjustments": m0009,
  "0010_place_summaries": m0010,
  "0011_outbox": m0011,
  "0012_notifications": m0012,
  "0013_attempt_flags": m0013,
  "0014_exam_statistics": m0014,
  "0015_course_trainers": m0015,
  "0016_exam_statistics_summary": m0016,
  "0017_content_versions": m0017,
  "0018_retention": m0018,
};
