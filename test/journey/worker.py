"""The journey's worker: one local Spark session that runs the shipped jobs for the Node driver.

It reads one JSON request per line on stdin and answers one JSON line on stdout.
It exits when stdin closes, so a killed driver never leaves it (or its JVM) behind.

Stand-ins, kept small: S3 is the folder <lake>/<bucket>/<key>; the Glue runtime is
glue_standin/ (see its README); the catalog is Spark's in-memory catalog, shared by
every job in this process, where the jobs register tables with the same SQL they
send to the Glue Data Catalog on AWS.
"""
import contextlib
import io
import importlib.util
import json
import os
import pathlib
import re
import shutil
import sys
import traceback

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE / "glue_standin"))

from pyspark.sql import SparkSession  # noqa: E402

from awsglue import state  # noqa: E402

SCRIPTS = {
    "glue": ROOT / "modules/glue-catalog/scripts/raw_to_processed.py",
    "spark": ROOT / "modules/etl-pipeline/scripts/transform.py",
}

# spark-xml stands in for Glue's XML reader (test/python/spark-jars.txt; venv.sh fetches it).
JARS = sorted(str(j) for j in (ROOT / ".venv/spark-jars").glob("*.jar"))
if not JARS:
    raise SystemExit("journey worker: no jars in .venv/spark-jars: run test/python/venv.sh")

# Two task threads and two shuffle partitions, with adaptive execution on as on Glue and EMR: with one of each, a
# job that forgot to repartition would still write one file. The JVM runs C1-only with the serial GC: the session
# lives one run on tiny data, where C2 compiles and parallel GC threads cost more CPU than they save.
spark = (
    SparkSession.builder.master("local[2]")
    .appName("lakegen-journey")
    .config("spark.jars", ",".join(JARS))
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .config("spark.sql.session.timeZone", "UTC")
    .config("spark.sql.warehouse.dir", os.environ.get("LAKEGEN_SPARK_WAREHOUSE", "spark-warehouse"))
    .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")


def load(script: pathlib.Path):
    spec = importlib.util.spec_from_file_location(script.stem, script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def s3_to_local(text: str) -> str:
    return re.sub(r"s3://", f"{state.LAKE['dir']}/", text)


def setup(lake, databases):
    state.LAKE["dir"] = lake
    EVENTS.clear()  # a case that failed mid-run leaves none to the next case on this worker
    for row in spark.sql("SHOW DATABASES").collect():
        if row[0] != "default":
            spark.sql(f"DROP DATABASE `{row[0]}` CASCADE")
    for name in databases:
        spark.sql(f"CREATE DATABASE `{name}`")
    return {}


def create_table(database, name, location, columns, partitions):
    """A table as Terraform's aws_glue_catalog_table creates it: its declared columns, string partitions, Parquet."""
    cols = ", ".join(f"`{c['name']}` {c['type']}" for c in columns + [{"name": p, "type": "string"} for p in partitions])
    spark.sql(f"CREATE TABLE `{database}`.`{name}` ({cols}) USING PARQUET PARTITIONED BY ({', '.join(partitions)}) LOCATION '{s3_to_local(location)}'")
    return {}


def glue_job(name, arguments):
    """The shipped Glue script through its main(), with the job's arguments as Glue passes them; returns its lakegen events."""
    argv = [str(SCRIPTS["glue"]), "--JOB_NAME", name]
    for key, value in arguments.items():
        argv += [key, s3_to_local(value) if key.endswith("_path") else value]
    out = io.StringIO()
    try:
        with _argv(argv), contextlib.redirect_stdout(out):
            load(SCRIPTS["glue"]).main()
    finally:
        sys.stderr.write(out.getvalue())
        EVENTS.extend(json.loads(line) for line in out.getvalue().splitlines() if line.startswith('{"lakegen_event"'))
    return {"JobRunState": "SUCCEEDED"}


EVENTS = []


def events():
    """The lakegen_event lines the Glue jobs logged since the last call."""
    taken = list(EVENTS)
    EVENTS.clear()
    return taken


def spark_job(arguments):
    """The shipped Spark job through its main(); its configuration is read with s3:// mapped to the lake."""
    args = list(arguments)
    config = pathlib.Path(s3_to_local(args[args.index("--config") + 1]))
    local_config = config.with_name(config.stem + ".local.json")
    local_config.write_text(s3_to_local(config.read_text()))
    args[args.index("--config") + 1] = str(local_config)
    load(SCRIPTS["spark"]).main(args)
    return {"State": "SUCCESS"}


def crawl(database, path, fmt, row_tag=None):
    """What a crawler of <source>/YYYY/MM/DD/ files registers: a table named after the folder, partition_0..2.

    XML needs the row tag of a custom XML classifier the crawler names: without one the stand-in refuses,
    as a crawler without one cannot find XML's records."""
    root = pathlib.Path(s3_to_local(path))
    table = root.name.replace("-", "_")
    # Day folders only: a file elsewhere under the source (outside the layout) is not one of its partitions.
    days = sorted({p.parent for p in root.rglob("*") if p.is_file() and len(p.parent.relative_to(root).parts) == 3})
    if not days:
        return {"tables": 0}
    if fmt == "xml":
        return crawl_xml(database, table, days, row_tag)
    reader = spark.read.option("header", True) if fmt == "csv" else spark.read
    schema = getattr(reader, fmt)([str(d) for d in days]).schema
    columns = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in schema.fields)
    options = "OPTIONS (header 'true')" if fmt == "csv" else ""
    spark.sql(
        f"CREATE TABLE IF NOT EXISTS `{database}`.`{table}` ({columns}, partition_0 string, partition_1 string, partition_2 string) "
        f"USING {fmt} {options} PARTITIONED BY (partition_0, partition_1, partition_2) LOCATION '{root}'"
    )
    for d in days:
        y, m, dd = d.relative_to(root).parts[:3]
        spark.sql(f"ALTER TABLE `{database}`.`{table}` ADD IF NOT EXISTS PARTITION (partition_0='{y}', partition_1='{m}', partition_2='{dd}') LOCATION '{d}'")
    return {"tables": 1}


def crawl_xml(database, table, days, row_tag):
    """An XML source's table, found by its classifier's row tag. spark-xml discovers no partitions, so the
    stand-in's table is unpartitioned over the day folders (comma-separated, as spark-xml takes paths)."""
    if not row_tag:
        raise ValueError(f"{table}: the crawler names no XML classifier, so no row tag finds the records")
    paths = ",".join(map(str, days))
    schema = spark.read.format("xml").option("rowTag", row_tag).load(paths).schema
    columns = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in schema.fields)
    spark.sql(f"DROP TABLE IF EXISTS `{database}`.`{table}`")
    spark.sql(f"CREATE TABLE `{database}`.`{table}` ({columns}) USING xml OPTIONS (rowTag '{row_tag}', path '{paths}')")
    return {"tables": 1}


def query(sql):
    return [row.asDict() for row in spark.sql(sql).collect()]


def tables(database):
    return sorted(r.tableName for r in spark.sql(f"SHOW TABLES IN `{database}`").collect())


def write_parquet(path, rows):
    """One Parquet file at `path`, as a producer uploads it (Spark writes a folder: its one part file is moved)."""
    folder = pathlib.Path(path + ".parts")
    spark.createDataFrame(rows).coalesce(1).write.mode("overwrite").parquet(str(folder))
    [part] = folder.glob("part-*.parquet")
    part.rename(path)
    shutil.rmtree(folder)
    return {}


@contextlib.contextmanager
def _argv(argv):
    saved = sys.argv
    sys.argv = argv
    try:
        yield
    finally:
        sys.argv = saved


OPS = {"setup": setup, "create_table": create_table, "events": events, "glue_job": glue_job, "spark_job": spark_job, "crawl": crawl, "query": query, "tables": tables, "write_parquet": write_parquet}


def main():
    out = sys.stdout
    sys.stdout = sys.stderr  # the jobs print; only answers go to the driver
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"id": request["id"], "ok": OPS[request["op"]](**request.get("args", {}))}
        except BaseException as e:  # noqa: BLE001 - every failure goes back to the driver, named
            answer = {"id": request["id"], "error": {"type": type(e).__name__, "message": str(e)[:2000], "trace": traceback.format_exc()[-2000:]}}
        out.write(json.dumps(answer, default=str) + "\n")
        out.flush()
    spark.stop()


if __name__ == "__main__":
    main()
