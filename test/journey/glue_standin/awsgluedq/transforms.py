"""EvaluateDataQuality for the DQDL rules lakegen writes; any other rule is an error.

Every rule of a ruleset is evaluated in one aggregation over the frame. The reasons are the stand-in's own words.
Where Glue's outcome is not documented (a rule on no rows) it is an error, never a pass.
"""
import re

from pyspark.sql import functions as F

from awsglue.dynamicframe import DynamicFrame

RULE = re.compile(r'(IsComplete|IsUnique) "(\w+)"|ColumnValues "(\w+)" (between \S+ and \S+|>= \S+|<= now\(\)|<= \S+)|RowCount >= (\d+)')


def _count_where(condition):
    return F.count(F.when(condition, F.lit(1)))


def _measure(df, rule):
    """The rule's aggregate (None when it needs none) and how its value and the row count give (passed, reason)."""
    m = RULE.fullmatch(rule)
    if not m:
        raise ValueError(f"the Data Quality stand-in does not evaluate: {rule}")
    if m.group(5):
        return None, lambda _, total: (total >= int(m.group(5)), f"RowCount {total} below {m.group(5)}")
    column = m.group(2) or m.group(3)
    if column not in df.columns:
        return None, lambda *_: (False, f"Column {column} does not exist")
    c = F.col(column)
    if m.group(1) == "IsComplete":
        return _count_where(c.isNull()), lambda nulls, total: (nulls == 0, f"Completeness {(total - nulls) / max(total, 1):.2f} below 1.0")
    if m.group(1) == "IsUnique":
        # A null is one more distinct value, as in select(column).distinct().
        distinct = F.countDistinct(c) + (_count_where(c.isNull()) > 0).cast("long")
        return distinct, lambda distinct, total: (distinct == total, f"Uniqueness {distinct / max(total, 1):.2f} below 1.0")
    test = m.group(4)
    if test == "<= now()":
        # Spark's clock, compared as instants: a naive Python datetime would be read in the process's time zone.
        ok = c.cast("timestamp") <= F.current_timestamp()
    elif test.startswith("between"):
        # DQDL's between excludes both ends (awslabs/dqdl, NumberBasedCondition.evaluate).
        low, high = float(test.split()[1]), float(test.split()[3])
        ok = (c.cast("double") > low) & (c.cast("double") < high)
    else:
        op, value = test.split()
        ok = c.cast("double") >= float(value) if op == ">=" else c.cast("double") <= float(value)
    return _count_where(~F.coalesce(ok, F.lit(False))), lambda bad, total: (bad == 0, f"{bad} of {total} values fail {test}")


class EvaluateDataQuality:
    @staticmethod
    def apply(frame, ruleset, publishing_options=None):
        df = frame.toDF()
        rules = re.fullmatch(r"Rules = \[ (.*) \]", ruleset).group(1).split(", ")
        measures = [_measure(df, rule) for rule in rules]
        aggregates = [F.count(F.lit(1))] + [a for a, _ in measures if a is not None]
        values = iter(df.agg(*aggregates).first())
        total = next(values)
        if total == 0 and any(not rule.startswith("RowCount") for rule in rules):
            raise ValueError(f"the Data Quality stand-in does not evaluate column rules on no rows: {ruleset}")
        rows = []
        for rule, (aggregate, outcome) in zip(rules, measures):
            passed, reason = outcome(next(values) if aggregate is not None else None, total)
            rows.append((rule, "Passed" if passed else "Failed", None if passed else reason))
        return DynamicFrame(df.sparkSession.createDataFrame(rows, "Rule string, Outcome string, FailureReason string"))
