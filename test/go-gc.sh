# Sourced by every suite that runs Terraform. Terraform and the aws provider are Go programs that each load
# the provider's schema (hundreds of MB of short-lived heap) at every start, which Go's default collector scans
# again and again. Collection off, with a 2 GiB ceiling per process where Go collects anyway, takes about a
# quarter off their CPU (docs/testing.md says how to compare). A caller's own GOGC or GOMEMLIMIT wins.
export GOGC="${GOGC:-off}" GOMEMLIMIT="${GOMEMLIMIT:-2GiB}"
