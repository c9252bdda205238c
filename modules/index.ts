/** The one place a module is registered. Order is the order of the module blocks in each root. */
import type { ModuleDefinition } from "../lib/module";
import { athena } from "./athena";
import { dataLakeStorage } from "./data-lake-storage";
import { emrServerless } from "./emr-serverless";
import { etlPipeline } from "./etl-pipeline";
import { glueCatalog } from "./glue-catalog";
import { kinesisIngest } from "./kinesis-ingest";
import { lakeFormation } from "./lake-formation";
import { monitoring } from "./monitoring";

export const MODULES = [
  dataLakeStorage,
  emrServerless,
  glueCatalog,
  lakeFormation,
  kinesisIngest,
  athena,
  etlPipeline,
  monitoring,
] as unknown as ModuleDefinition[];
