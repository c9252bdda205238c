# Sourced by every suite that runs Terraform. Terraform and the aws provider are Go programs that each load
# the provider's schema (hundreds of MB of short-lived heap) at every start; with Go's default GC that costs a
# quarter of their CPU. Collection off, with a 2 GiB ceiling per process (where Go collects anyway), measured
# on test/modules/run.sh: 161 CPU-s became 121 (docs/testing.md). A caller's own GOGC or GOMEMLIMIT wins.
export GOGC="${GOGC:-off}" GOMEMLIMIT="${GOMEMLIMIT:-2GiB}"
