"""A DynamicFrame that wraps a Spark DataFrame."""


class DynamicFrame:
    def __init__(self, df, glue_ctx=None, name=""):
        self._df = df
        self.name = name

    @classmethod
    def fromDF(cls, df, glue_ctx, name):
        return cls(df, glue_ctx, name)

    def toDF(self):
        return self._df
