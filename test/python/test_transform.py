"""The Spark job (processed to curated), run by PySpark in local mode on a lake in a temporary folder."""
import json
from datetime import datetime, timezone

import pytest

from conftest import load_script

job = load_script("etl-pipeline/scripts/transform.py")

START = datetime(2026, 1, 31, 3, tzinfo=timezone.utc)
END = datetime(2026, 2, 2, 3, tzinfo=timezone.utc)  # the window holds the days 01-31 and 02-01
QUALITY = {
    "not_null": ["id", "order_date"],
    "unique": ["id"],
    "ranges": [{"column": "revenue", "min": 0, "max": None}],
    "min_row_count": 1,
    "not_future": ["order_date"],
}


def order(i, day, revenue=10.0, order_date=None, id_=None):
    y, m, d = day.split("-")
    return (id_ or f"o-{day}-{i}", order_date or f"{day} 12:00:00", revenue, y, m, d)


def lake(spark, tmp_path, rows, quality=None, max_records=100_000):
    """A processed table partitioned by day, and the job's configuration pointing at it."""
    processed, curated = tmp_path / "processed" / "orders", tmp_path / "curated" / "orders"
    df = spark.createDataFrame(rows, "id string, order_date string, revenue double, year string, month string, day string")
    df.write.mode("overwrite").partitionBy(*job.PARTITIONS).parquet(str(processed))
    config = {
        "pipeline": "daily-orders",
        "max_records_per_file": max_records,
        "sources": {"orders": {"processed": str(processed), "curated": str(curated), "quality": quality if quality is not None else QUALITY}},
    }
    return config, curated


def files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.parquet"))


def snapshot(folder):
    return {p: (folder / p).read_bytes() for p in files(folder)}


def test_only_the_window_is_read_and_written_in_hive_partitions(spark, tmp_path):
    rows = [order(1, "2026-01-30"), order(1, "2026-01-31"), order(2, "2026-01-31"), order(1, "2026-02-01"), order(1, "2026-02-02")]
    config, curated = lake(spark, tmp_path, rows)
    assert job.run(spark, config, START, END) == {"orders": 3}
    days = sorted({tuple(p.split("/")[:3]) for p in files(curated)})
    assert days == [("year=2026", "month=01", "day=31"), ("year=2026", "month=02", "day=01")]
    assert sorted(r.id for r in spark.read.parquet(str(curated)).collect()) == ["o-2026-01-31-1", "o-2026-01-31-2", "o-2026-02-01-1"]


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


def test_a_rerun_of_the_same_window_changes_nothing(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31"), order(1, "2026-02-01")])
    job.run(spark, config, START, END)
    first = sorted(tuple(r) for r in spark.read.parquet(str(curated)).collect())
    job.run(spark, config, START, END)
    assert sorted(tuple(r) for r in spark.read.parquet(str(curated)).collect()) == first
    assert len(files(curated)) == 2


def test_a_later_window_leaves_earlier_partitions_alone(spark, tmp_path):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31"), order(1, "2026-02-02")])
    job.run(spark, config, START, END)
    before = snapshot(curated)
    job.run(spark, config, END, datetime(2026, 2, 3, 3, tzinfo=timezone.utc))
    after = snapshot(curated)
    assert {p: b for p, b in after.items() if p in before} == before
    assert any("day=02" in p for p in after)


@pytest.mark.parametrize(
    "rows, failure",
    [
        ([order(1, "2026-01-31", id_=None), (None, "2026-01-31 12:00:00", 1.0, "2026", "01", "31")], "not_null id: 1 of 2 rows are null"),
        ([order(1, "2026-01-31", id_="o-1"), order(2, "2026-01-31", id_="o-1")], "unique id: 1 duplicate rows"),
        ([order(1, "2026-01-31", revenue=-5.0)], "range revenue [0, None]: 1 rows outside"),
        ([order(1, "2026-01-31", order_date="2027-01-01 00:00:00")], "not_future order_date: 1 rows after the window end"),
        ([order(1, "2026-01-30")], "min_row_count: 0 rows, fewer than 1"),
    ],
    ids=["null-key", "duplicate", "out-of-range", "future-date", "too-few-rows"],
)
def test_each_quality_failure_stops_the_job_before_anything_is_written(spark, tmp_path, rows, failure):
    config, curated = lake(spark, tmp_path, rows)
    with pytest.raises(job.DataQualityError, match=failure.replace("[", r"\[").replace("]", r"\]")):
        job.run(spark, config, START, END)
    assert not curated.exists()


def test_window_days_cover_start_up_to_the_end_day():
    assert job.window_days(START, END) == [datetime(2026, 1, 31).date(), datetime(2026, 2, 1).date()]
    same_day = job.window_days(datetime(2026, 1, 31, 1, tzinfo=timezone.utc), datetime(2026, 1, 31, 5, tzinfo=timezone.utc))
    assert same_day == [datetime(2026, 1, 31).date()]


def test_the_command_line_takes_the_scheduler_timestamps(tmp_path, spark):
    config, curated = lake(spark, tmp_path, [order(1, "2026-01-31")])
    path = tmp_path / "daily-orders.json"
    path.write_text(json.dumps(config))
    job.main(["--config", str(path), "--window-start", "2026-01-31T03:00:00Z", "--window-end", "2026-02-02T03:00:00Z"])
    assert spark.read.parquet(str(curated)).count() == 1
    with pytest.raises(SystemExit):
        job.main(["--config", str(path), "--window-start", "2026-02-02T03:00:00Z", "--window-end", "2026-01-31T03:00:00Z"])
