"""The Data Quality stand-in: each rule kind lakegen writes passes and fails (the reasons are the stand-in's own words)."""
import time
from datetime import datetime, timedelta, timezone

import pytest

from awsglue.dynamicframe import DynamicFrame
from awsgluedq.transforms import EvaluateDataQuality

FUTURE = (datetime.now(timezone.utc) + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
PAST = "2026-01-31 12:00:00"


def evaluate(spark, rows, rules, schema="id string, amount string, at string"):
    frame = DynamicFrame(spark.createDataFrame(rows, schema))
    result = EvaluateDataQuality.apply(frame=frame, ruleset=f"Rules = [ {', '.join(rules)} ]").toDF().collect()
    assert [r.Rule for r in result] == rules, "one outcome per rule, in the ruleset's order"
    return {r.Rule: (r.Outcome, r.FailureReason) for r in result}


def test_every_rule_kind_passes_on_rows_that_meet_it(spark):
    rules = ['IsComplete "id"', 'IsUnique "id"', 'ColumnValues "amount" between 0 and 10', 'ColumnValues "amount" >= 1',
             'ColumnValues "amount" <= 9', 'ColumnValues "at" <= now()', "RowCount >= 3"]
    out = evaluate(spark, [("a", "1", PAST), ("b", "5", PAST), ("c", "9", PAST)], rules)
    assert out == {r: ("Passed", None) for r in rules}


def test_a_null_fails_completeness_and_the_value_rules(spark):
    out = evaluate(spark, [("a", "1", PAST), (None, None, None), ("c", "2", PAST)],
                   ['IsComplete "id"', 'ColumnValues "amount" >= 0', 'ColumnValues "at" <= now()'])
    assert out == {
        'IsComplete "id"': ("Failed", "Completeness 0.67 below 1.0"),
        'ColumnValues "amount" >= 0': ("Failed", "1 of 3 values fail >= 0"),
        'ColumnValues "at" <= now()': ("Failed", "1 of 3 values fail <= now()"),
    }


def test_uniqueness_fails_a_repeated_value_and_counts_nulls_as_one_value(spark):
    # The stand-in's choice, stricter than Deequ (under Glue Data Quality), which leaves null rows out.
    assert evaluate(spark, [("a", "1", PAST), ("a", "2", PAST), ("b", "3", PAST)], ['IsUnique "id"']) == {
        'IsUnique "id"': ("Failed", "Uniqueness 0.67 below 1.0")
    }
    assert evaluate(spark, [("a", "1", PAST), (None, "2", PAST)], ['IsUnique "id"']) == {'IsUnique "id"': ("Passed", None)}
    assert evaluate(spark, [("a", "1", PAST), (None, "2", PAST), (None, "3", PAST)], ['IsUnique "id"']) == {
        'IsUnique "id"': ("Failed", "Uniqueness 0.67 below 1.0")
    }


def test_between_excludes_both_ends_and_the_bounds_are_numbers_not_text(spark):
    rows = [("a", "0", PAST), ("b", "10", PAST), ("c", "9", PAST), ("d", "x", PAST)]
    out = evaluate(spark, rows, ['ColumnValues "amount" between 0 and 10', 'ColumnValues "amount" <= 9', 'ColumnValues "amount" >= 9'])
    assert out == {
        'ColumnValues "amount" between 0 and 10': ("Failed", "3 of 4 values fail between 0 and 10"),
        'ColumnValues "amount" <= 9': ("Failed", "2 of 4 values fail <= 9"),
        'ColumnValues "amount" >= 9': ("Failed", "2 of 4 values fail >= 9"),
    }


def test_a_time_in_the_future_fails_not_after_now(spark):
    out = evaluate(spark, [("a", "1", PAST), ("b", "1", FUTURE)], ['ColumnValues "at" <= now()'])
    assert out == {'ColumnValues "at" <= now()': ("Failed", "1 of 2 values fail <= now()")}


def test_too_few_rows_and_a_missing_column_fail(spark):
    out = evaluate(spark, [("a", "1", PAST)], ["RowCount >= 2", 'IsComplete "customer"', 'ColumnValues "price" >= 0'])
    assert out == {
        "RowCount >= 2": ("Failed", "RowCount 1 below 2"),
        'IsComplete "customer"': ("Failed", "Column customer does not exist"),
        'ColumnValues "price" >= 0': ("Failed", "Column price does not exist"),
    }


def test_no_rows_fail_a_row_count_and_a_column_rule_on_no_rows_is_an_error_not_a_pass(spark):
    assert evaluate(spark, [], ["RowCount >= 1"]) == {"RowCount >= 1": ("Failed", "RowCount 0 below 1")}
    for rule in ['IsComplete "id"', 'IsUnique "id"', 'ColumnValues "amount" >= 0']:
        with pytest.raises(ValueError, match="does not evaluate column rules on no rows"):
            evaluate(spark, [], ["RowCount >= 0", rule])


def test_a_rule_it_does_not_evaluate_is_an_error_never_a_pass(spark):
    with pytest.raises(ValueError, match="does not evaluate: ColumnLength"):
        evaluate(spark, [("a", "1", PAST)], ['IsComplete "id"', 'ColumnLength "id" > 0'])


def test_not_after_now_is_the_same_instant_whatever_the_process_time_zone(spark, monkeypatch):
    # West of UTC, a naive "now" handed to Spark would be read hours late, and an hour-ahead value would pass.
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        soon = (datetime.now(timezone.utc) + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
        assert evaluate(spark, [("a", "1", soon)], ['ColumnValues "at" <= now()']) == {
            'ColumnValues "at" <= now()': ("Failed", "1 of 1 values fail <= now()")
        }
    finally:
        monkeypatch.undo()
        time.tzset()
