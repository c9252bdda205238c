"""The Glue job (raw to processed): its transformation and quality gate, run by PySpark in local mode."""
import pytest

from spark_fixtures import load_script

job = load_script("glue-catalog/scripts/raw_to_processed.py")

RAW = "s3://acme-lake-dev-raw/source-system-a"


def raw_rows(spark, rows):
    return spark.createDataFrame(rows, f"id string, customer_id string, {job.SOURCE_FILE} string")


def outcomes(spark, results):
    return spark.createDataFrame(results, "Rule string, Outcome string, FailureReason string")


def test_partitions_come_from_the_raw_prefix(spark):
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/part-0.json"), ("o-2", "c-2", f"{RAW}/2026/02/01/part-1.json")])
    out = job.add_partitions(df, "20260202T030000Z").drop(job.SOURCE_FILE)
    assert out.columns == ["id", "customer_id", "year", "month", "day", "load_end"]
    assert sorted(tuple(r) for r in out.collect()) == [
        ("o-1", "c-1", "2026", "01", "31", "20260202T030000Z"),
        ("o-2", "c-2", "2026", "02", "01", "20260202T030000Z"),
    ]


def test_the_load_is_named_after_the_window_end():
    assert job.load_id("2026-01-02T03:00:00Z") == "20260102T030000Z"
    assert job.load_id("2026-01-02T04:00:00+01:00") == "20260102T030000Z"
    assert job.window_end_argument(["job.py", "--window_end", "2026-01-02T03:00:00Z"]) == "2026-01-02T03:00:00Z"


def test_a_retried_load_replaces_its_rows_and_registers_its_partitions(spark, tmp_path):
    path = str(tmp_path / "processed" / "orders")
    spark.sql("CREATE DATABASE IF NOT EXISTS journey_processed")
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/a.json"), ("o-2", "c-2", f"{RAW}/2026/02/01/b.json")])
    for load in ["20260201T030000Z", "20260202T030000Z", "20260202T030000Z"]:
        job.write_and_register(spark, job.add_partitions(df, load), path, "journey_processed.orders")
    rows = spark.sql("SELECT id, load_end FROM journey_processed.orders").collect()
    assert sorted(tuple(r) for r in rows) == [("o-1", "20260201T030000Z"), ("o-1", "20260202T030000Z"), ("o-2", "20260201T030000Z"), ("o-2", "20260202T030000Z")]
    assert len(spark.sql("SHOW PARTITIONS journey_processed.orders").collect()) == 4
    spark.sql("DROP DATABASE journey_processed CASCADE")


def test_csv_is_read_with_its_header_row():
    assert job.read_options("csv") == {"attachFilename": job.SOURCE_FILE, "withHeader": True}
    assert "withHeader" not in job.read_options("json")


def test_csv_header_names_the_columns_the_rules_check(spark, tmp_path):
    # What withHeader means: the first line names the columns, so IsComplete "customer_id" can match.
    path = tmp_path / "part-0.csv"
    path.write_text("id,customer_id\no-1,c-1\no-2,\n")
    df = spark.read.option("header", True).csv(str(path))
    assert df.columns == ["id", "customer_id"]
    assert df.filter(df.customer_id.isNull()).count() == 1


def test_the_rules_become_one_dqdl_ruleset():
    assert job.ruleset(['IsComplete "customer_id"', 'IsUnique "id"']) == 'Rules = [ IsComplete "customer_id", IsUnique "id" ]'
    assert job.ruleset([]) is None


def test_rows_are_written_when_every_rule_passes(spark):
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/a.json")])
    written = []
    job.process(df, ['IsComplete "customer_id"'], "20260202T030000Z", lambda rows, rs: outcomes(spark, [(rs, "Passed", None)]), written.append)
    assert len(written) == 1 and written[0].columns[-4:] == job.PARTITIONS


def test_a_failed_rule_stops_the_job_before_anything_is_written(spark):
    df = raw_rows(spark, [("o-1", None, f"{RAW}/2026/01/31/a.json")])
    written = []
    failed = lambda rows, rs: outcomes(spark, [('IsComplete "customer_id"', "Failed", "Completeness 0.0 below 1.0"), ('IsUnique "id"', "Passed", None)])
    with pytest.raises(job.DataQualityError, match='IsComplete "customer_id": Completeness 0.0 below 1.0'):
        job.process(df, ['IsComplete "customer_id"', 'IsUnique "id"'], "20260202T030000Z", failed, written.append)
    assert written == []


def test_a_source_without_rules_is_written_without_evaluation(spark):
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/a.json")])
    written = []

    def never(rows, rs):
        raise AssertionError("no rules, no evaluation")

    job.process(df, [], "20260202T030000Z", never, written.append)
    assert len(written) == 1


def test_xml_records_are_the_contracts_row_tag():
    assert job.read_options("xml", {"row_tag": "order"})["rowTag"] == "order"
    with pytest.raises(KeyError):
        job.read_options("xml", {})


def test_the_checks_see_a_record_re_sent_in_another_file_once(spark):
    same = [("o-1", "c-1", f"{RAW}/2026/01/31/a.json"), ("o-1", "c-1", f"{RAW}/2026/01/31/a-resent.json")]
    seen, written = [], []

    def evaluate(rows, rs):
        seen.append(sorted(tuple(r) for r in rows.select("id", "customer_id").collect()))
        return outcomes(spark, [(rs, "Passed", None)])

    job.process(raw_rows(spark, same), ['IsUnique "id"'], "20260202T030000Z", evaluate, written.append, {"load": "append"})
    assert seen == [[("o-1", "c-1")]]
    assert written[0].count() == 2, "processed keeps every file's rows; curated keeps the record once"


def test_under_upsert_the_checks_see_each_keys_latest_version(spark):
    versions = [("o-1", "c-1", f"{RAW}/2026/01/31/a.json"), ("o-1", "c-9", f"{RAW}/2026/01/31/b.json")]
    seen = []

    def evaluate(rows, rs):
        seen.append(sorted(tuple(r) for r in rows.select("id", "customer_id").collect()))
        return outcomes(spark, [(rs, "Passed", None)])

    contract = {"load": "upsert", "key": ["id"], "ordering_column": "customer_id"}
    job.process(raw_rows(spark, versions), ['IsUnique "id"'], "20260202T030000Z", evaluate, lambda rows: None, contract)
    assert seen == [[("o-1", "c-9")]]


def test_a_source_expected_every_window_with_no_new_file_fails_naming_it_and_the_window():
    start, end = "2026-01-31T03:00:00Z", "2026-02-01T03:00:00Z"
    with pytest.raises(job.NoNewDataError, match=r"orders: no new data in raw for the window ending 2026-02-01T03:00:00Z"):
        job.expect_data(False, ["20260131T030000Z"], "orders", {"load": "append"}, start, end)
    # A rerun of a window the source already loaded, a source that may be silent, or new files: no error.
    job.expect_data(False, ["20260201T030000Z"], "orders", {"load": "append"}, start, end)
    job.expect_data(False, [], "orders", {"expected_every_window": False}, start, end)
    job.expect_data(True, [], "orders", {"load": "append"}, start, end)


def test_the_loads_of_the_processed_prefix_are_listed(spark, tmp_path):
    path = str(tmp_path / "processed" / "orders")
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/a.json")])
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    job.add_partitions(df, "20260201T030000Z").write.partitionBy(*job.PARTITIONS).parquet(path)
    assert job.loads_in(spark, path) == ["20260201T030000Z"]
    assert job.loads_in(spark, str(tmp_path / "nothing")) == []


def test_a_file_outside_the_layout_is_quarantined_with_its_reason_never_written_with_an_empty_day(spark, tmp_path):
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/a.json"), ("o-2", "c-2", f"{RAW}/misplaced.json")])
    written = []
    job.process(df, [], "20260202T030000Z", lambda rows, rs: None, written.append)
    assert [r.id for r in written[0].collect()] == ["o-1"]
    path = str(tmp_path / "processed" / "orders")
    assert job.quarantine(job.outside_layout(job.add_partitions(df, "20260202T030000Z")), path, "20260202T030000Z") == 1
    kept = spark.read.json(f"{path}/_quarantine/load_end=20260202T030000Z/").collect()
    assert [(r.id, r.quarantine_reason) for r in kept] == [("o-2", f"file outside <source>/YYYY/MM/DD/: {RAW}/misplaced.json")]


def test_only_a_files_own_folders_give_its_day_and_the_day_must_exist(spark):
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/13/45/a.json"), ("o-2", "c-2", f"{RAW}/2026/01/31/extra/b.json")])
    assert job.outside_layout(job.add_partitions(df, "20260202T030000Z")).count() == 2
