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


def test_a_load_of_many_small_files_is_written_as_one_file_a_day(spark, tmp_path):
    path = tmp_path / "processed" / "events"
    spark.sql("CREATE DATABASE IF NOT EXISTS journey_processed")
    rows = [(f"e-{i}", "c", f"{RAW}/2026/01/31/firehose-{i}.gz") for i in range(12)]
    df = raw_rows(spark, rows).repartition(12)  # as twelve small objects are read: one split each
    job.write_and_register(spark, job.add_partitions(df, "20260202T030000Z"), str(path), "journey_processed.events")
    assert len(list(path.rglob("*.parquet"))) == 1
    spark.sql("DROP DATABASE journey_processed CASCADE")


def test_a_rerun_of_the_window_adds_new_files_rows_and_a_retry_of_the_same_files_replaces_theirs(spark, tmp_path):
    path = str(tmp_path / "processed" / "orders")
    spark.sql("CREATE DATABASE IF NOT EXISTS journey_processed")
    load = "20260202T030000Z"
    first = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/a.json")])
    later = raw_rows(spark, [("o-2", "c-2", f"{RAW}/2026/01/31/b.json")])
    for df in [first, first, later, later]:  # a retry, then a rerun that read a new file, then its retry
        job.write_and_register(spark, job.add_partitions(df, load), path, "journey_processed.orders")
    assert sorted(r.id for r in spark.read.parquet(path).collect()) == ["o-1", "o-2"]
    spark.sql("DROP DATABASE journey_processed CASCADE")


def test_a_rerun_of_the_window_keeps_the_earlier_runs_quarantine(spark, tmp_path):
    path = str(tmp_path / "processed" / "orders")
    load = "20260202T030000Z"
    for file in ["a", "b", "b"]:
        rows = job.with_layout_reason(job.add_partitions(raw_rows(spark, [(f"o-{file}", "c", f"{RAW}/{file}.json")]), load))
        assert job.quarantine(rows, path, load) == 1
    assert sorted(r.id for r in spark.read.json(job.quarantine_path(path, load)).collect()) == ["o-a", "o-b"]


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


def test_a_failed_rule_sets_the_whole_load_aside_with_the_failures_and_writes_nothing(spark):
    df = raw_rows(spark, [("o-1", None, f"{RAW}/2026/01/31/a.json")])
    written = []
    failed = lambda rows, rs: outcomes(spark, [('IsComplete "customer_id"', "Failed", "Completeness 0.0 below 1.0"), ('IsUnique "id"', "Passed", None)])
    set_aside = job.process(df, ['IsComplete "customer_id"', 'IsUnique "id"'], "20260202T030000Z", failed, written.append)
    assert written == []
    assert [r.quarantine_reason for r in set_aside.collect()] == ['Data Quality rules failed: IsComplete "customer_id": Completeness 0.0 below 1.0']


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
    set_aside = job.process(df, [], "20260202T030000Z", lambda rows, rs: None, written.append)
    assert [r.id for r in written[0].collect()] == ["o-1"]
    path = str(tmp_path / "processed" / "orders")
    assert job.quarantine(set_aside, path, "20260202T030000Z") == 1
    kept = spark.read.json(f"{path}/_quarantine/load_end=20260202T030000Z/").collect()
    assert [(r.id, r.quarantine_reason) for r in kept] == [("o-2", f"file outside <source>/YYYY/MM/DD/: {RAW}/misplaced.json")]


CONTRACT = {
    "load": "upsert",
    "key": ["id"],
    "ordering_column": "order_date",
    "columns": [{"name": "id", "type": "string"}, {"name": "order_date", "type": "timestamp"}, {"name": "revenue", "type": "double"}, {"name": "units", "type": "int"}],
}
QUALITY = {"not_null": ["id"], "ranges": [{"column": "revenue", "min": 0, "max": None}], "not_future": ["order_date"]}
END = "2026-02-02T03:00:00Z"


def orders(spark, rows):
    schema = f"id string, order_date string, revenue string, units string, channel string, {job.SOURCE_FILE} string"
    return spark.createDataFrame([(*r, f"{RAW}/2026/01/31/a.json") for r in rows], schema)


def test_each_load_is_cast_to_the_declared_columns_in_their_order_and_undeclared_columns_are_kept_out(spark):
    df = orders(spark, [("o-1", "2026-01-31 12:00:00", "10.5", "3", "web")])
    written = []
    set_aside = job.process(df, [], "20260202T030000Z", None, written.append, CONTRACT, QUALITY, END)
    assert set_aside.count() == 0
    out = written[0]
    assert [f"{f.name} {f.dataType.simpleString()}" for f in out.schema.fields][:4] == ["id string", "order_date timestamp", "revenue double", "units int"]
    assert "channel" not in out.columns
    assert job.undeclared(df, CONTRACT) == ["channel"]
    assert job.undeclared(df, {"columns": []}) == [], "a source without declared columns keeps what arrives"


def test_a_row_that_does_not_fit_is_set_aside_with_its_reason_and_the_rest_of_its_load_goes_on(spark):
    rows = [
        ("o-1", "2026-01-31 12:00:00", "10.5", "3", "web"),
        ("o-2", "2026-01-31 12:00:00", "ten", "3", "web"),  # not a double
        ("o-3", "2026-01-31 12:00:00", "1", "2.5", "web"),  # an int that would be truncated
        (None, "2026-01-31 12:00:00", "1", "1", "web"),  # no key
        ("o-5", "2026-01-31 12:00:00", "-1", "1", "web"),  # out of its range
        ("o-6", "2026-03-01 00:00:00", "1", "1", "web"),  # after the window
    ]
    written = []
    set_aside = job.process(orders(spark, rows), [], "20260202T030000Z", None, written.append, CONTRACT, QUALITY, END)
    assert [r.id for r in written[0].collect()] == ["o-1"]
    reasons = {r.id: r.quarantine_reason for r in set_aside.collect()}
    assert reasons == {
        "o-2": "revenue: ten is not a valid double",
        "o-3": "units: 2.5 is not a valid int",
        None: "id: missing",
        "o-5": "revenue: -1.0 is outside [0, None]",
        "o-6": f"order_date: 2026-03-01 00:00:00 is after the window end {END}",
    }
    assert {r.revenue for r in set_aside.collect()} >= {"ten", "-1"}, "set aside as it arrived, not as cast"


def test_a_failed_set_rule_sets_aside_the_whole_load_each_row_with_its_own_reason(spark):
    df = orders(spark, [("o-1", "2026-01-31 12:00:00", "1", "1", "web"), ("o-2", "2026-01-31 12:00:00", "-3", "1", "web")])
    failed = lambda rows, rs: outcomes(spark, [("RowCount >= 5", "Failed", "Value: 1")])
    written = []
    set_aside = job.process(df, ["RowCount >= 5"], "20260202T030000Z", failed, written.append, CONTRACT, QUALITY, END)
    assert written == []
    assert sorted((r.id, r.quarantine_reason) for r in set_aside.collect()) == [
        ("o-1", "Data Quality rules failed: RowCount >= 5: Value: 1"),
        ("o-2", "revenue: -3.0 is outside [0, None]"),
    ]


def test_a_load_whose_every_row_is_set_aside_is_not_evaluated(spark):
    df = orders(spark, [(None, "2026-01-31 12:00:00", "1", "1", "web")])

    def never(rows, rs):
        raise AssertionError("nothing to write, nothing to evaluate")

    written = []
    assert job.process(df, ["RowCount >= 1"], "20260202T030000Z", never, written.append, CONTRACT, QUALITY, END).count() == 1
    assert written == []


def test_a_full_refresh_with_a_file_outside_the_layout_is_set_aside_whole_not_published_in_part(spark):
    refresh = {"load": "full_refresh", "key": ["id"], "columns": [{"name": "id", "type": "string"}, {"name": "customer_id", "type": "string"}]}
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/a.json"), ("o-2", "c-2", f"{RAW}/misplaced.json")])
    written = []
    set_aside = job.process(df, [], "20260202T030000Z", None, written.append, refresh, {}, END)
    assert written == []
    assert sorted((r.id, r.quarantine_reason.split(":")[0]) for r in set_aside.collect()) == [("o-1", "full_refresh"), ("o-2", "file outside <source>/YYYY/MM/DD/")]


def test_a_parquet_load_without_attached_file_names_takes_each_rows_file_from_spark(spark, tmp_path):
    folder = tmp_path / "raw" / "orders" / "2026" / "01" / "31"
    spark.createDataFrame([("o-1",)], "id string").coalesce(1).write.parquet(str(folder))
    df = job.with_source_file(spark.read.parquet(str(folder)))
    [row] = job.add_partitions(df, "20260201T030000Z").collect()
    assert (row.year, row.month, row.day) == ("2026", "01", "31")
    assert job.with_source_file(raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/01/31/a.json")])).collect()[0][job.SOURCE_FILE] == f"{RAW}/2026/01/31/a.json"


def test_a_full_refresh_with_a_misfit_is_set_aside_whole_and_a_superseded_snapshot_is_not_replayed(spark):
    refresh = {**CONTRACT, "load": "full_refresh"}
    df = orders(spark, [("o-1", "2026-01-31 12:00:00", "1", "1", "web"), ("o-2", "2026-01-31 12:00:00", "ten", "1", "web")])
    written = []
    set_aside = job.process(df, [], "20260202T030000Z", None, written.append, refresh, QUALITY, END)
    assert written == []
    assert sorted((r.id, r.quarantine_reason.split(":")[0]) for r in set_aside.collect()) == [("o-1", "full_refresh"), ("o-2", "revenue")]
    with pytest.raises(job.SupersededError, match="older than the load 20260203T030000Z"):
        job.replayable(refresh, ["20260202T030000Z", "20260203T030000Z"], "20260202T030000Z", "orders")
    job.replayable(CONTRACT, ["20260202T030000Z", "20260203T030000Z"], "20260202T030000Z", "orders")


def test_a_declared_column_no_row_carries_is_reported(spark):
    df = orders(spark, [("o-1", "2026-01-31 12:00:00", "1", "1", "web")]).drop("units")
    assert job.missing(df, CONTRACT) == ["units"]


def test_a_quarantined_load_is_replayed_once_the_contract_is_fixed(spark, tmp_path):
    path = str(tmp_path / "processed" / "orders")
    df = orders(spark, [("o-1", "2026-01-31 12:00:00", "10.5", "3", "web"), ("o-2", "2026-01-31 12:00:00", "12.75", "3", "web")])
    narrow = {**CONTRACT, "columns": [*CONTRACT["columns"][:2], {"name": "revenue", "type": "int"}, CONTRACT["columns"][3]]}
    first = []
    assert job.quarantine(job.process(df, [], "20260202T030000Z", None, first.append, narrow, QUALITY, END), path, "20260202T030000Z") == 2
    assert first == []
    again = job.read_quarantined(spark, path, "20260202T030000Z")
    replayed = []
    assert job.process(again, [], "20260203T090000Z", None, replayed.append, CONTRACT, QUALITY, "2026-02-03T09:00:00Z").count() == 0
    assert sorted((r.id, r.revenue, r.day, r.load_end) for r in replayed[0].collect()) == [("o-1", 10.5, "31", "20260203T090000Z"), ("o-2", 12.75, "31", "20260203T090000Z")]
    job.mark_replayed(spark, path, "20260202T030000Z")
    assert (tmp_path / "processed/orders/_quarantine/replayed/load_end=20260202T030000Z").is_dir()
    assert not (tmp_path / "processed/orders/_quarantine/load_end=20260202T030000Z").exists()


def test_only_a_files_own_folders_give_its_day_and_the_day_must_exist(spark):
    df = raw_rows(spark, [("o-1", "c-1", f"{RAW}/2026/13/45/a.json"), ("o-2", "c-2", f"{RAW}/2026/01/31/extra/b.json")])
    assert job.outside_layout(job.add_partitions(df, "20260202T030000Z")).count() == 2
