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

/** Each module with its own types: the environment's configuration is typed from these. */
export const TYPED_MODULES = [
  dataLakeStorage,
  emrServerless,
  glueCatalog,
  lakeFormation,
  kinesisIngest,
  athena,
  etlPipeline,
  monitoring,
] as const;

/** The same modules through the common interface, which synth, docs and tests iterate over. */
export const MODULES: readonly ModuleDefinition[] = TYPED_MODULES;
