"""Test support for the jobs' tests beside their scripts (modules/*/scripts/test_*.py): one local Spark session, loaded as a pytest plugin, and the jobs loaded from the modules that ship them."""
import importlib.util
import pathlib

import pytest
from pyspark.sql import SparkSession

MODULES = pathlib.Path(__file__).parents[2] / "modules"
# The JVM lives for one test run on tiny data: C2 compiles and parallel GC threads cost more CPU than they save.
JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def load_script(relative: str):
    """A job script as a module; its Glue or EMR calls live in main(), which the tests never call."""
    path = MODULES / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def spark():
    session = (
        SparkSession.builder.master("local[1]")
        .appName("lakegen-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.extraJavaOptions", JVM_OPTIONS)
        .getOrCreate()
    )
    yield session
    session.stop()
