package terratest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/terraform"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The environments the suite applies: every root lakegen wrote (dev and prod).
func environments(t *testing.T) []string {
	entries, err := os.ReadDir(filepath.Join(distDir(t), "envs"))
	require.NoError(t, err)
	var envs []string
	for _, e := range entries {
		if e.IsDir() {
			envs = append(envs, e.Name())
		}
	}
	require.NotEmpty(t, envs)
	return envs
}

// TestEnvironments applies each environment, checks the live resources
// against its tfvars, re-plans, applies a sizing change, and destroys.
//
// With LAKEGEN_E2E_MODE=destroy (the e2e workflow's always() step, against an
// account) it only destroys what a cancelled run left in the state.
func TestEnvironments(t *testing.T) {
	tg := currentTarget(t)
	destroyOnly := os.Getenv("LAKEGEN_E2E_MODE") == "destroy"
	if destroyOnly && !tg.aws {
		t.Fatal("LAKEGEN_E2E_MODE=destroy needs LAKEGEN_E2E_TARGET=aws: an emulator run keeps no state")
	}
	t.Parallel()
	for _, env := range environments(t) {
		t.Run(env, func(t *testing.T) {
			t.Parallel()
			r := newRoot(t, env, tg)
			r.options.Logger = logger.Discard // progress comes from t.Logf; failures carry Terraform's output
			if destroyOnly {
				terraform.Init(t, r.options)
				r.destroy(t)
				return
			}
			defer r.destroy(t)

			r.step(t, "init and apply", func() { terraform.InitAndApply(t, r.options) })
			c := r.clients(t)
			out := r.outputs(t)

			t.Run("resource types applied", func(t *testing.T) { assertCoverage(t, r) })
			t.Run("zone lifecycle rules", func(t *testing.T) { assertLifecycle(t, r, c, out) })
			t.Run("bucket versioning, encryption and public access block", func(t *testing.T) { assertBucketProtection(t, r, c, out) })
			t.Run("KMS key rotation", func(t *testing.T) { assertKeyRotation(t, r, c, out) })
			t.Run("EMR Serverless application", func(t *testing.T) { assertEMRApplication(t, r, c, out) })
			t.Run("Kinesis and Firehose", func(t *testing.T) { assertStreams(t, r, c, out) })
			t.Run("Glue crawlers and jobs", func(t *testing.T) { assertGlue(t, r, c, out) })
			t.Run("Step Functions Spark parameters", func(t *testing.T) { assertStateMachines(t, r, c, out) })
			t.Run("Athena cutoff", func(t *testing.T) { assertAthena(t, r, c, out) })
			t.Run("SNS alert subscriptions", func(t *testing.T) { assertAlertSubscriptions(t, r, c, out) })
			// The sizing plan skips the refresh on the emulator, which the re-plan's result allows: it runs only after it.
			if t.Run("re-plan after apply is empty", func(t *testing.T) { r.assertNoChanges(t) }) {
				t.Run("a sizing change applies in place", func(t *testing.T) { r.sizingChange(t, c) })
			}
		})
	}
}

func (r *root) step(t *testing.T, what string, f func()) {
	start := time.Now()
	t.Logf("%s: %s ...", r.env, what)
	f()
	t.Logf("%s: %s done in %s", r.env, what, time.Since(start).Round(time.Second))
}

func (r *root) outputs(t *testing.T) outputs {
	raw := terraform.OutputJson(t, r.options, "")
	var wrapped map[string]struct{ Value any }
	require.NoError(t, json.Unmarshal([]byte(raw), &wrapped))
	out := outputs{}
	for k, v := range wrapped {
		out[k] = v.Value
	}
	return out
}

// assertNoChanges: `terraform plan -detailed-exitcode` exits 0. A diff right
// after apply is a perpetual diff, a module bug.
func (r *root) assertNoChanges(t *testing.T) {
	code, err := terraform.PlanExitCodeE(t, r.options)
	if code != 0 {
		changes, _ := r.planChanges(t)
		t.Fatalf("%s: re-plan exit code %d (%v); changes: %v", r.env, code, err, changes)
	}
}

// planChanges plans (the root is initialized) and returns each resource that would change, with its
// actions, and the saved plan's path. extra goes to terraform plan.
func (r *root) planChanges(t *testing.T, extra ...string) (map[string][]string, string) {
	opts := *r.options
	opts.PlanFilePath = filepath.Join(r.dir, "e2e.tfplan")
	opts.ExtraArgs.Plan = append(append([]string{}, opts.ExtraArgs.Plan...), extra...)
	terraform.Plan(t, &opts)
	plan := terraform.ShowWithStruct(t, &opts)
	changes := map[string][]string{}
	for addr, rc := range plan.ResourceChangesMap {
		actions := []string{}
		for _, a := range rc.Change.Actions {
			actions = append(actions, string(a))
		}
		if len(actions) == 1 && (actions[0] == "no-op" || actions[0] == "read") {
			continue
		}
		changes[addr] = actions
	}
	for name, oc := range plan.RawPlan.OutputChanges {
		if !oc.Actions.NoOp() {
			changes["output."+name] = []string{fmt.Sprint(oc.Actions)}
		}
	}
	return changes, opts.PlanFilePath
}

// Kept in place on any change: replacing one of these loses data or running work.
var statefulTypes = map[string]bool{
	"aws_s3_bucket": true, "aws_kms_key": true, "aws_kinesis_stream": true, "aws_kinesis_firehose_delivery_stream": true,
	"aws_glue_catalog_database": true, "aws_cloudwatch_log_group": true, "aws_emrserverless_application": true,
	"aws_ssm_parameter": true, "aws_sfn_state_machine": true,
	// A table holds its partitions and schema; the data lake settings hold who administers the catalog.
	"aws_glue_catalog_table": true, "aws_lakeformation_data_lake_settings": true,
}

// The resources emr.max_executors and a lifecycle day size, and nothing else.
var sizedTypes = map[string]bool{"aws_sfn_state_machine": true, "aws_s3_bucket_lifecycle_configuration": true}

func (r *root) sizingChange(t *testing.T, c *clients) {
	before := r.num("emr", "max_executors")
	after := before - 1
	if after < r.num("emr", "min_executors") {
		after = before + 1
	}
	r.editTfvars(t, regexp.MustCompile(`(max_executors\s*=\s*)\d+`), func(m []string) string { return m[1] + strconv.Itoa(int(after)) })
	r.bumpFirstRawTransition(t, 15)
	require.Equal(t, after, r.num("emr", "max_executors"), "the edit reached the tfvars")

	// On the emulator, without a refresh: the re-plan just before found nothing to change, and nothing else
	// touches this root's emulator since, so this plan is the tfvars edit alone. An account is refreshed.
	var extra []string
	if !r.target.aws {
		extra = append(extra, "-refresh=false")
	}
	changes, planFile := r.planChanges(t, extra...)
	var types []string
	for addr, actions := range changes {
		if strings.HasPrefix(addr, "output.") {
			continue // outputs that report the sizing (lifecycle_rules, definitions) follow it
		}
		typ, _, err := stateAddressType(addr) // a plan's addresses read as the state's
		if err != nil {
			typ = addr
		}
		types = append(types, typ)
		assert.Equal(t, []string{"update"}, actions, "%s changes in place", addr)
		assert.True(t, sizedTypes[typ], "%s is not sized by emr.max_executors or a lifecycle day, yet it changes (%v)", addr, actions)
		assert.False(t, statefulTypes[typ] && len(actions) > 1, "stateful %s would be replaced", addr)
	}
	sort.Strings(types)
	assert.Contains(t, types, "aws_sfn_state_machine", "emr.max_executors reaches the state machines")
	assert.Contains(t, types, "aws_s3_bucket_lifecycle_configuration", "the lifecycle day reaches the bucket")
	if t.Failed() {
		return
	}
	// The plan just checked, as saved: what is applied is what was asserted, and it is not planned again.
	applied := *r.options
	applied.PlanFilePath = planFile
	r.step(t, "apply the sizing change", func() { terraform.Apply(t, &applied) })
	out := r.outputs(t)
	assertLifecycle(t, r, c, out)
	assertStateMachines(t, r, c, out)
	r.assertNoChanges(t)
}

// bumpFirstRawTransition moves the raw zone's first transition later by days.
func (r *root) bumpFirstRawTransition(t *testing.T, days int) {
	path := filepath.Join(r.dir, "terraform.tfvars")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(data)
	raw := regexp.MustCompile(`\braw\s*=\s*\{`).FindStringIndex(text)
	require.NotNil(t, raw, "storage.zones.raw in %s", path)
	day := regexp.MustCompile(`(days\s*=\s*)(\d+)`)
	loc := day.FindStringSubmatchIndex(text[raw[1]:])
	require.NotNil(t, loc, "a transition in storage.zones.raw")
	start, end := raw[1]+loc[4], raw[1]+loc[5]
	n, _ := strconv.Atoi(text[start:end])
	write(t, path, text[:start]+strconv.Itoa(n+days)+text[end:])
	r.tfvars = readTfvars(t, path)
}
