"""The Spark job (processed to curated), run by PySpark in local mode on a lake in a temporary folder."""
import json
from datetime import datetime, timezone

import pytest

from spark_fixtures import load_script

job = load_script("etl-pipeline/scripts/transform.py")

START = datetime(2026, 1, 31, 3, tzinfo=timezone.utc)
END = datetime(2026, 2, 2, 3, tzinfo=timezone.utc)
IN_WINDOW = "20260201T030000Z"  # a load of the window (START, END]
EARLIER = "20260131T030000Z"  # the load that ended at START: curated by the previous run
QUALITY = {
    "not_null": ["id", "order_date"],
    "unique": ["id"],
    "ranges": [{"column": "revenue", "min": 0, "max": None}],
    "min_row_count": 1,
    "not_future": ["order_date"],
}
SCHEMA = "id string, order_date string, revenue double, source_file string, year string, month string, day string, load_end string"


def order(i, day, revenue=10.0, order_date=None, id_=None, load=IN_WINDOW, file=None):
    y, m, d = day.split("-")
    return (id_ or f"o-{day}-{i}", order_date or f"{day} 12:00:00", revenue, file or f"s3://raw/orders/{y}/{m}/{d}/{i}.json", y, m, d, load)


def lake(spark, tmp_path, rows, quality=None, max_records=100_000, table=None, contract=None, name="orders"):
    """A processed table partitioned by day and load, and the job's configuration pointing at it."""
    processed, curated = tmp_path / "processed" / name, tmp_path / "curated" / name
    df = spark.createDataFrame(rows, SCHEMA)
    df.write.mode("overwrite").partitionBy(*job.PARTITIONS, job.LOAD).parquet(str(processed))
    source = {"processed": str(processed), "curated": str(curated), "quality": quality if quality is not None else QUALITY}
    if contract:
        source["contract"] = contract
    if table:
        source["curated_table"] = table
    return {"pipeline": "daily-orders", "max_records_per_file": max_records, "sources": {name: source}}, curated


def files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.parquet"))


def snapshot(folder):
    return {p: (folder / p).read_bytes() for p in files(folder)}


def ids(spark, curated):
    return sorted(r.id for r in spark.read.parquet(str(curated)).collect())


def test_the_days_the_window_loaded_are_curated_in_hive_partitions(spark, tmp_path):
    rows = [order(1, "2026-01-30", load=EARLIER), order(1, "2026-01-31"), order(2, "2026-01-31"), order(1, "2026-02-01"), order(1, "2026-02-02", load="20260203T030000Z")]
    config, curated = lake(spark, tmp_path, rows)
    assert job.run(spark, config, START, END) == {"orders": 3}
    days = sorted({tuple(p.split("/")[:3]) for p in files(curated)})
    assert days == [("year=2026", "month=01", "day=31"), ("year=2026", "month=02", "day=01")]
    assert ids(spark, curated) == ["o-2026-01-31-1", "o-2026-01-31-2", "o-2026-02-01-1"]
    assert spark.read.parquet(str(curated)).columns == ["id", "order_date", "revenue", "year", "month", "day"]


def test_a_late_file_rebuilds_its_day_with_the_rows_already_there(spark, tmp_path):
    rows = [order(1, "2026-01-30", load=EARLIER), order(2, "2026-01-30", load=IN_WINDOW)]
    config, curated = lake(spark, tmp_path, rows)
    assert job.run(spark, config, START, END) == {"orders": 2}
    assert ids(spark, curated) == ["o-2026-01-30-1", "o-2026-01-30-2"]


def test_a_file_loaded_twice_is_curated_once(spark, tmp_path):
    rows = [order(1, "2026-01-31", load=EARLIER), order(1, "2026-01-31", load=IN_WINDOW)]
    config, curated = lake(spark, tmp_path, rows)
    assert job.run(spark, config, START, END) == {"orders": 1}
    assert ids(spark, curated) == ["o-2026-01-31-1"]


def test_a_window_without_loads_writes_nothing(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-30", load=EARLIER)])
    assert job.run(spark, config, START, END) == {"orders": 0}
    assert not curated.exists()


def test_a_source_not_loaded_yet_is_skipped(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31")])
    config["sources"]["orders"]["processed"] = str(tmp_path / "processed" / "nothing-yet")
    assert job.run(spark, config, START, END) == {"orders": 0}


def test_a_source_whose_first_load_was_quarantined_whole_is_skipped(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31")])
    processed = tmp_path / "processed" / "quarantined-only"
    spark.createDataFrame([("{}", "bad type")], "record string, quarantine_reason string").write.json(str(processed / "_quarantine" / f"load_end={IN_WINDOW}"))
    config["sources"]["orders"].update(processed=str(processed), contract={"load": "append", "columns": [{"name": "id", "type": "string"}]})
    assert job.run(spark, config, START, END) == {"orders": 0}
    assert not curated.exists()


def test_curated_files_are_parquet_with_snappy(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31")])
    job.run(spark, config, START, END)
    written = files(curated)
    assert written and all(p.endswith(".snappy.parquet") for p in written)
    for p in written:
        data = (curated / p).read_bytes()
        assert data[:4] == b"PAR1" and data[-4:] == b"PAR1"


def test_max_records_per_file_caps_the_rows_of_each_file(spark, tmp_path):
    rows = [order(i, "2026-01-31") for i in range(7)]
    config, curated = lake(spark, tmp_path, rows, max_records=3)
    job.run(spark, config, START, END)
    counts = sorted(spark.read.parquet(str(curated / p)).count() for p in files(curated))
    assert counts == [1, 3, 3]


def test_many_small_processed_files_of_a_day_become_one_curated_file(spark, tmp_path):
    rows = [order(i, "2026-01-31", file=f"s3://raw/orders/2026/01/31/firehose-{i}.gz") for i in range(12)]
    config, curated = lake(spark, tmp_path, rows[:1])
    processed = config["sources"]["orders"]["processed"]
    for r in rows[1:]:  # one small file each, as twelve five-minute Firehose objects become
        spark.createDataFrame([r], SCHEMA).write.mode("append").partitionBy(*job.PARTITIONS, job.LOAD).parquet(processed)
    spark.conf.set("spark.sql.shuffle.partitions", "8")
    try:
        assert job.run(spark, config, START, END) == {"orders": 12}
    finally:
        spark.conf.set("spark.sql.shuffle.partitions", "1")
    assert len(files(curated)) == 1


def test_curated_files_aim_at_the_target_size_measured_on_the_processed_files(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(i, "2026-01-31") for i in range(40)])
    processed = spark.read.parquet(config["sources"]["orders"]["processed"])
    size = int(str(processed._jdf.queryExecution().optimizedPlan().stats().sizeInBytes()))
    per_row = size / 40
    # A target of ten rows' bytes gives files of ten rows; a large one leaves max_records_per_file in charge.
    assert job.rows_per_file(processed, 10 * per_row / 1024 / 1024, 100_000) == 10
    assert job.rows_per_file(processed, 1024, 7) == 7
    assert job.rows_per_file(processed, None, 7) == 7
    config["target_file_size_mb"] = 10 * per_row / 1024 / 1024
    job.run(spark, config, START, END)
    assert sorted(spark.read.parquet(str(curated / p)).count() for p in files(curated)) == [10, 10, 10, 10]


def test_a_rerun_of_the_same_window_changes_nothing(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31"), order(1, "2026-02-01")])
    job.run(spark, config, START, END)
    first = sorted(tuple(r) for r in spark.read.parquet(str(curated)).collect())
    job.run(spark, config, START, END)
    assert sorted(tuple(r) for r in spark.read.parquet(str(curated)).collect()) == first
    assert len(files(curated)) == 2


def test_a_later_window_leaves_earlier_partitions_alone(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31"), order(1, "2026-02-02", load="20260203T030000Z")])
    job.run(spark, config, START, END)
    before = snapshot(curated)
    job.run(spark, config, END, datetime(2026, 2, 3, 3, tzinfo=timezone.utc))
    after = snapshot(curated)
    assert {p: b for p, b in after.items() if p in before} == before
    assert any("day=02" in p for p in after)


def test_the_curated_table_and_its_partitions_are_registered(spark, tmp_path):
    spark.sql("CREATE DATABASE IF NOT EXISTS transform_curated")
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31"), order(1, "2026-02-01")], table="transform_curated.orders")
    job.run(spark, config, START, END)
    try:
        assert sorted(r.id for r in spark.sql("SELECT id FROM transform_curated.orders").collect()) == ["o-2026-01-31-1", "o-2026-02-01-1"]
        partitions = sorted(r.partition for r in spark.sql("SHOW PARTITIONS transform_curated.orders").collect())
        assert partitions == ["year=2026/month=01/day=31", "year=2026/month=02/day=01"]
    finally:
        spark.sql("DROP DATABASE transform_curated CASCADE")


@pytest.mark.parametrize(
    "rows, failure",
    [
        ([order(1, "2026-01-31", id_=None), (None, "2026-01-31 12:00:00", 1.0, "f.json", "2026", "01", "31", IN_WINDOW)], "not_null id: 1 of 2 rows are null"),
        ([order(1, "2026-01-31", id_="o-1"), order(2, "2026-01-31", id_="o-1", revenue=20.0)], "unique id: 1 duplicate rows"),
        ([order(1, "2026-01-31", revenue=-5.0)], "range revenue [0, None]: 1 rows outside"),
        ([order(1, "2026-01-31", order_date="2027-01-01 00:00:00")], "not_future order_date: 1 rows after the window end"),
        ([order(1, "2026-01-31")], "min_row_count: 1 rows, fewer than 2"),
    ],
    ids=["null-key", "duplicate", "out-of-range", "future-date", "too-few-rows"],
)
def test_each_quality_failure_stops_the_job_before_anything_is_written(spark, tmp_path, rows, failure):
    quality = {**QUALITY, "min_row_count": 2} if failure.startswith("min_row_count") else None
    config, curated = lake(spark, tmp_path, rows, quality=quality)
    with pytest.raises(job.DataQualityError, match=failure.replace("[", r"\[").replace("]", r"\]")):
        job.run(spark, config, START, END)
    assert not curated.exists()


UPSERT = {"load": "upsert", "key": ["id"], "ordering_column": "order_date"}
LATER = "20260203T030000Z"
AFTER = datetime(2026, 2, 3, 3, tzinfo=timezone.utc)


def land(spark, config, rows, name="orders"):
    """A later load's rows, added to the processed table as the Glue job adds them."""
    df = spark.createDataFrame(rows, SCHEMA)
    df.write.mode("append").partitionBy(*job.PARTITIONS, job.LOAD).parquet(config["sources"][name]["processed"])


def rows_of(spark, curated):
    return sorted((r.id, r.order_date, r.revenue, f"{r.year}-{r.month}-{r.day}") for r in spark.read.parquet(str(curated)).collect())


def test_append_keeps_a_record_re_sent_in_another_file_and_load_once(spark, tmp_path):
    again = order(1, "2026-01-31", file="s3://raw/orders/2026/01/31/resent.json", load=LATER)
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31")])
    assert job.run(spark, config, START, END) == {"orders": 1}
    land(spark, config, [again])
    assert job.run(spark, config, END, AFTER) == {"orders": 1}
    assert ids(spark, curated) == ["o-2026-01-31-1"]


def test_append_keeps_a_record_re_sent_on_a_later_day_in_the_day_it_first_arrived(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31", id_="o-1", order_date="2026-01-31 12:00:00")])
    assert job.run(spark, config, START, END) == {"orders": 1}
    resent = order(1, "2026-02-02", id_="o-1", order_date="2026-01-31 12:00:00", load=LATER)
    land(spark, config, [resent, order(2, "2026-02-02", load=LATER)])
    assert job.run(spark, config, END, AFTER) == {"orders": 2}
    assert rows_of(spark, curated) == [("o-1", "2026-01-31 12:00:00", 10.0, "2026-01-31"), ("o-2026-02-02-2", "2026-02-02 12:00:00", 10.0, "2026-02-02")]


def test_upsert_keeps_the_latest_version_and_clears_the_day_it_left(spark, tmp_path):
    first = order(1, "2026-01-31", id_="o-1", order_date="2026-01-31 12:00:00")
    corrected = order(1, "2026-02-02", id_="o-1", order_date="2026-02-02 09:00:00", revenue=99.0, load=LATER)
    config, curated = lake(spark, tmp_path, [first], contract=UPSERT, table="upsert_curated.orders")
    spark.sql("CREATE DATABASE IF NOT EXISTS upsert_curated")
    try:
        assert job.run(spark, config, START, END) == {"orders": 1}
        assert rows_of(spark, curated) == [("o-1", "2026-01-31 12:00:00", 10.0, "2026-01-31")]
        land(spark, config, [corrected])
        assert job.run(spark, config, END, AFTER) == {"orders": 1}
        assert rows_of(spark, curated) == [("o-1", "2026-02-02 09:00:00", 99.0, "2026-02-02")]
        assert [r.id for r in spark.sql("SELECT id FROM upsert_curated.orders").collect()] == ["o-1"]
    finally:
        spark.sql("DROP DATABASE upsert_curated CASCADE")


def test_upsert_a_late_older_version_does_not_overwrite_a_newer_one(spark, tmp_path):
    newer = order(1, "2026-01-31", id_="o-1", order_date="2026-01-31 18:00:00", revenue=20.0, load=EARLIER)
    late_older = order(2, "2026-01-31", id_="o-1", order_date="2026-01-31 08:00:00", revenue=5.0)
    config, curated = lake(spark, tmp_path, [newer, late_older], contract=UPSERT)
    assert job.run(spark, config, START, END) == {"orders": 1}
    assert rows_of(spark, curated) == [("o-1", "2026-01-31 18:00:00", 20.0, "2026-01-31")]


def test_full_refresh_replaces_the_source_and_may_shrink_it(spark, tmp_path):
    spark.sql("CREATE DATABASE IF NOT EXISTS refresh_curated")
    before = [order(i, "2026-01-31") for i in range(3)] + [order(1, "2026-02-01")]
    refresh = [order(1, "2026-02-02", load=LATER)]
    config, curated = lake(spark, tmp_path, before, contract={"load": "full_refresh", "key": ["id"]}, table="refresh_curated.orders")
    try:
        assert job.run(spark, config, START, END) == {"orders": 4}
        land(spark, config, refresh)
        assert job.run(spark, config, END, AFTER) == {"orders": 1}
        assert ids(spark, curated) == ["o-2026-02-02-1"]
        assert [r.partition for r in spark.sql("SHOW PARTITIONS refresh_curated.orders").collect()] == ["year=2026/month=02/day=02"]
        assert [r.id for r in spark.sql("SELECT id FROM refresh_curated.orders").collect()] == ["o-2026-02-02-1"]
    finally:
        spark.sql("DROP DATABASE refresh_curated CASCADE")


def test_a_source_that_fails_its_checks_does_not_stop_the_others(spark, tmp_path):
    good, good_curated = lake(spark, tmp_path, [order(1, "2026-01-31")], name="good")
    bad, bad_curated = lake(spark, tmp_path, [order(1, "2026-01-31", revenue=-1.0)], name="bad")
    config = {**good, "sources": {**bad["sources"], **good["sources"]}}
    with pytest.raises(job.DataQualityError, match=r"bad: range revenue .*: 1 rows outside") as failed:
        job.run(spark, config, START, END)
    assert "good" not in str(failed.value).split("):")[1]
    assert ids(spark, good_curated) == ["o-2026-01-31-1"]
    assert not bad_curated.exists()


def test_the_load_id_is_the_glue_jobs(spark):
    assert job.load_id(END) == "20260202T030000Z"


def test_the_command_line_takes_the_scheduler_timestamps(tmp_path, spark):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31")])
    path = tmp_path / "daily-orders.json"
    path.write_text(json.dumps(config))
    job.main(["--config", str(path), "--window-start", "2026-01-31T03:00:00Z", "--window-end", "2026-02-02T03:00:00Z"])
    assert spark.read.parquet(str(curated)).count() == 1
    with pytest.raises(SystemExit):
        job.main(["--config", str(path), "--window-start", "2026-02-02T03:00:00Z", "--window-end", "2026-01-31T03:00:00Z"])


def test_upsert_compares_a_numeric_ordering_column_as_a_number(spark, tmp_path):
    nine = order(1, "2026-01-31", id_="o-1", order_date="9", revenue=9.0)
    ten = order(2, "2026-01-31", id_="o-1", order_date="10", revenue=10.0)
    config, curated = lake(spark, tmp_path, [ten, nine], contract=UPSERT, quality={})
    assert job.run(spark, config, START, END) == {"orders": 1}
    assert rows_of(spark, curated) == [("o-1", "10", 10.0, "2026-01-31")]


def test_full_refresh_with_a_key_keeps_the_later_files_row_when_one_load_holds_two_deliveries(spark, tmp_path):
    first = order(1, "2026-01-31", id_="c-1", revenue=1.0, file="s3://raw/customers/2026/01/31/a-1.json")
    second = order(1, "2026-01-31", id_="c-1", revenue=2.0, file="s3://raw/customers/2026/01/31/b-2.json")
    config, curated = lake(spark, tmp_path, [first, second], contract={"load": "full_refresh", "key": ["id"]})
    assert job.run(spark, config, START, END) == {"orders": 1}
    assert rows_of(spark, curated) == [("c-1", "2026-01-31 12:00:00", 2.0, "2026-01-31")]


def test_a_source_whose_curation_raises_does_not_stop_the_others(spark, tmp_path):
    good, good_curated = lake(spark, tmp_path, [order(1, "2026-01-31")], name="good")
    broken, _ = lake(spark, tmp_path, [order(1, "2026-01-31")], name="broken", contract={"load": "upsert", "key": ["id"], "ordering_column": "missing"})
    config = {**good, "sources": {**broken["sources"], **good["sources"]}}
    with pytest.raises(job.DataQualityError, match="broken: AnalysisException"):
        job.run(spark, config, START, END)
    assert ids(spark, good_curated) == ["o-2026-01-31-1"]


def test_append_a_late_file_for_an_older_day_does_not_move_a_published_record(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31", id_="o-1", order_date="2026-01-31 12:00:00")])
    job.run(spark, config, START, END)
    land(spark, config, [order(1, "2026-01-20", id_="o-1", order_date="2026-01-31 12:00:00", load=LATER)])
    job.run(spark, config, END, AFTER)
    assert rows_of(spark, curated) == [("o-1", "2026-01-31 12:00:00", 10.0, "2026-01-31")]


def test_a_column_added_to_the_contract_reads_as_null_in_older_loads_and_an_undeclared_one_is_left_out(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31")])
    processed = config["sources"]["orders"]["processed"]
    newer = spark.createDataFrame([("o-new", "2026-01-31 13:00:00", 5.0, "web", "s3://raw/orders/2026/01/31/n.json", "2026", "01", "31", IN_WINDOW)], SCHEMA.replace("revenue double,", "revenue double, channel string,"))
    newer.write.mode("append").partitionBy(*job.PARTITIONS, job.LOAD).parquet(processed)
    columns = [{"name": "id", "type": "string"}, {"name": "order_date", "type": "string"}, {"name": "channel", "type": "string"}]
    config["sources"]["orders"].update(contract={"load": "append", "columns": columns}, quality={"not_null": ["id"]})
    assert job.run(spark, config, START, END) == {"orders": 2}
    rows = sorted((r.id, r.channel) for r in spark.read.parquet(str(curated)).collect())
    assert rows == [("o-2026-01-31-1", None), ("o-new", "web")]
    assert "revenue" not in spark.read.parquet(str(curated)).columns
