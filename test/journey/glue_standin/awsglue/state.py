"""What the worker tells the stand-in: where S3 lives locally, and the running job's bookmark."""
import json
import pathlib

LAKE = {"dir": None}
RUN = {"job": None, "seen": set(), "read": set()}


def local(uri: str) -> str:
    """s3://bucket/key as the folder <lake>/bucket/key."""
    return uri.replace("s3://", f"{LAKE['dir']}/", 1) if uri.startswith("s3://") else uri


def as_s3(path: str) -> str:
    path = path.replace("file://", "", 1)
    return "s3://" + path[len(LAKE["dir"]) + 1 :] if path.startswith(LAKE["dir"] + "/") else path


def bookmark_file(job: str) -> pathlib.Path:
    return pathlib.Path(LAKE["dir"]) / ".glue-bookmarks" / f"{job}.json"


def start(job: str) -> None:
    f = bookmark_file(job)
    RUN.update(job=job, seen=set(json.loads(f.read_text())) if f.exists() else set(), read=set())


def commit() -> None:
    f = bookmark_file(RUN["job"])
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(json.dumps(sorted(RUN["seen"] | RUN["read"])))
