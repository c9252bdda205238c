"""Job: init reads the job's bookmark, commit records the files this run read."""
from awsglue import state


class Job:
    def __init__(self, glue_ctx):
        self.glue_ctx = glue_ctx

    def init(self, name, args):
        state.start(name)

    def commit(self):
        state.commit()
