/** The one place a module is registered. Order is the order of the module blocks in each root. */
import type { ModuleDefinition } from "../lib/module";
import { dataLakeStorage } from "./data-lake-storage";
import { emrServerless } from "./emr-serverless";

export const MODULES: ModuleDefinition[] = [dataLakeStorage, emrServerless] as unknown as ModuleDefinition[];
