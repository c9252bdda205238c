# Sourced by the suites whose Terraform processes are short: Jest (through test/run.sh), the module tests,
# pr from tfvars and the journey's renders. Each Terraform and provider process loads the provider's schema
# (hundreds of MB of short-lived heap) at start, which Go's default collector scans again and again. With
# collection off and a 1 GiB soft limit (Go collects when a process's heap reaches it), they take about a
# quarter less CPU (docs/testing.md says how to compare). Against the emulator, the e2e suite sets GOGC=400
# itself: its applies run for minutes, several processes at once, and with no collection each would grow to the
# limit. Your own GOGC or GOMEMLIMIT wins.
export GOGC="${GOGC:-off}" GOMEMLIMIT="${GOMEMLIMIT:-1GiB}"
