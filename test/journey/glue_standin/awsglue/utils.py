"""getResolvedOptions: the job's --name value arguments."""


def getResolvedOptions(argv, names):
    found = {}
    for i, arg in enumerate(argv):
        if arg.startswith("--") and i + 1 < len(argv):
            found[arg[2:]] = argv[i + 1]
    missing = [n for n in names if n not in found]
    if missing:
        raise RuntimeError(f"missing job arguments: {', '.join(missing)}")
    return {n: found[n] for n in names}
