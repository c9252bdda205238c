"""EvaluateDataQuality for the DQDL rules lakegen writes; any other rule is an error."""
import re
from datetime import datetime, timezone

from pyspark.sql import functions as F

from awsglue.dynamicframe import DynamicFrame

RULE = re.compile(r'(IsComplete|IsUnique) "(\w+)"|ColumnValues "(\w+)" (between \S+ and \S+|>= \S+|<= now\(\)|<= \S+)|RowCount >= (\d+)')


def _outcome(df, rule):
    m = RULE.fullmatch(rule)
    if not m:
        raise ValueError(f"the Data Quality stand-in does not evaluate: {rule}")
    total = df.count()
    if m.group(1):
        column = m.group(2)
        if column not in df.columns:
            return False, f"Column {column} does not exist"
        if m.group(1) == "IsComplete":
            nulls = df.filter(F.col(column).isNull()).count()
            return nulls == 0, f"Completeness {(total - nulls) / max(total, 1):.2f} below 1.0"
        distinct = df.select(column).distinct().count()
        return distinct == total, f"Uniqueness {distinct / max(total, 1):.2f} below 1.0"
    if m.group(5):
        return total >= int(m.group(5)), f"RowCount {total} below {m.group(5)}"
    column, test = m.group(3), m.group(4)
    if column not in df.columns:
        return False, f"Column {column} does not exist"
    c = F.col(column)
    if test == "<= now()":
        ok = c.cast("timestamp") <= F.lit(datetime.now(timezone.utc).replace(tzinfo=None))
    elif test.startswith("between"):
        # DQDL's between excludes both ends (awslabs/dqdl, NumberBasedCondition.evaluate).
        low, high = float(test.split()[1]), float(test.split()[3])
        ok = (c.cast("double") > low) & (c.cast("double") < high)
    else:
        op, value = test.split()
        ok = c.cast("double") >= float(value) if op == ">=" else c.cast("double") <= float(value)
    bad = df.filter(~F.coalesce(ok, F.lit(False))).count()
    return bad == 0, f"{bad} of {total} values fail {test}"


class EvaluateDataQuality:
    @staticmethod
    def apply(frame, ruleset, publishing_options=None):
        df = frame.toDF()
        rules = re.fullmatch(r"Rules = \[ (.*) \]", ruleset).group(1).split(", ")
        rows = []
        for rule in rules:
            passed, reason = _outcome(df, rule)
            rows.append((rule, "Passed" if passed else "Failed", None if passed else reason))
        return DynamicFrame(df.sparkSession.createDataFrame(rows, "Rule string, Outcome string, FailureReason string"))
