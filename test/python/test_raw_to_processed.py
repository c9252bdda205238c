"""The Glue job's transformation, run by PySpark in local mode."""
import importlib.util
import pathlib

import pytest
from pyspark.sql import SparkSession

SCRIPT = pathlib.Path(__file__).parents[2] / "modules" / "glue-catalog" / "scripts" / "raw_to_processed.py"


def load_job():
    spec = importlib.util.spec_from_file_location("raw_to_processed", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # imports no Glue module: those live in main()
    return module


@pytest.fixture(scope="session")
def spark():
    session = SparkSession.builder.master("local[1]").appName("lakegen-tests").config("spark.ui.enabled", "false").getOrCreate()
    yield session
    session.stop()


def test_partitions_come_from_the_raw_prefix(spark):
    job = load_job()
    df = spark.createDataFrame(
        [
            ("o-1", "s3://acme-lake-dev-raw/source-system-a/2026/01/31/part-0.json"),
            ("o-2", "s3://acme-lake-dev-raw/source-system-a/2026/02/01/part-1.json"),
        ],
        ["id", job.SOURCE_FILE],
    )
    out = job.add_partitions(df)
    assert out.columns == ["id", "year", "month", "day"]
    rows = sorted(tuple(r) for r in out.collect())
    assert rows == [("o-1", "2026", "01", "31"), ("o-2", "2026", "02", "01")]


def test_partition_columns_match_the_sink(spark):
    job = load_job()
    assert job.PARTITIONS == ["year", "month", "day"]
    assert 'partitionKeys=["year", "month", "day"]' in SCRIPT.read_text()
