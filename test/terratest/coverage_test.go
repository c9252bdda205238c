package terratest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gruntwork-io/terratest/modules/terraform"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Resource types the emulator cannot apply, with its answer. The emulator
// run leaves them out through emulator/overrides; the real-account run
// applies them. gaps_test.go proves each one is still a gap, and docs/testing.md
// lists each one.
var excludedTypes = map[string]string{
	"aws_s3_bucket_logging":         `PutBucketLogging answers 500 ("'str' object has no attribute 'get'") when the target bucket's policy has a statement with Principal "*"`,
	"aws_glue_classifier":           `"The create_classifier action has not been implemented"`,
	"aws_glue_data_quality_ruleset": `"The create_data_quality_ruleset action has not been implemented"`,
	"aws_budgets_budget":            `"The describe_subscribers_for_notification action has not been implemented", and ListTagsForResource answers 500`,
	"aws_lakeformation_opt_in":      `CreateLakeFormationOptIn answers 404 "Not yet implemented"`,
}

// Resource types that only an extension point creates, with the tfvars key
// that does. The shipped environments leave these keys unset, so neither run
// applies them; test/terraform.test.ts plans prod with every one set.
var extensionTypes = map[string]string{
	"aws_glue_connection":            "glue.network",
	"aws_iam_role_policy_attachment": "iam.role_policy_arns",
}

// The coverage floor of the emulator run.
const minCoverage = 0.8

// declaredTypes: every resource type the synthesized modules declare.
func declaredTypes(t *testing.T) map[string]bool {
	files, err := filepath.Glob(filepath.Join(distDir(t), "modules", "*", "*.tf"))
	require.NoError(t, err)
	re := regexp.MustCompile(`(?m)^resource "([a-z0-9_]+)"`)
	types := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			types[m[1]] = true
		}
	}
	require.NotEmpty(t, types)
	return types
}

// appliedTypes: the managed resource types in the state after apply, from `terraform state list`, which
// reads the state alone (`show -json` starts the provider to load its schema first).
func appliedTypes(t *testing.T, r *root) map[string]bool {
	types := map[string]bool{}
	// One address a line, on stdout alone: a key may hold a space, and a warning goes to stderr.
	for _, addr := range strings.Split(strings.TrimSpace(terraform.RunTerraformCommandAndGetStdout(t, r.options, "state", "list")), "\n") {
		typ, managed, err := stateAddressType(addr)
		require.NoError(t, err)
		if managed {
			types[typ] = true
		}
	}
	require.NotEmpty(t, types, "%s: the state lists no managed resource", r.env)
	return types
}

// stateAddressType: the resource type of a state address such as module.a.aws_s3_bucket.b["k"], and
// whether it is managed (not a data source).
func stateAddressType(addr string) (string, bool, error) {
	parts := strings.Split(instanceKeys.ReplaceAllString(addr, ""), ".")
	for len(parts) > 2 && parts[0] == "module" {
		parts = parts[2:]
	}
	switch {
	case len(parts) == 3 && parts[0] == "data":
		return parts[1], false, nil
	case len(parts) == 2 && parts[0] != "data" && parts[0] != "module":
		return parts[0], true, nil
	}
	return "", false, fmt.Errorf("not a resource address: %q", addr)
}

// An instance key: [0] or ["a.b"], which may hold dots of its own.
var instanceKeys = regexp.MustCompile(`\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\]`)

// assertCoverage: every declared type was applied, except the documented
// exclusions on the emulator, and the share applied meets the floor.
func assertCoverage(t *testing.T, r *root) {
	declared, applied := declaredTypes(t), appliedTypes(t, r)
	var missing []string
	for typ := range declared {
		if key, ok := extensionTypes[typ]; ok && !applied[typ] {
			t.Logf("%s: %s not applied: only %s creates it, and this environment leaves it unset", r.env, typ, key)
			delete(declared, typ)
			continue
		}
		if !applied[typ] {
			missing = append(missing, typ)
		}
	}
	sort.Strings(missing)
	n, m := len(declared)-len(missing), len(declared)
	where := "the account"
	if !r.target.aws {
		where = "the emulator"
	}
	t.Logf("%s: %d of %d resource types applied against %s; left out: %s", r.env, n, m, where, strings.Join(missing, ", "))
	for _, typ := range missing {
		if r.target.aws {
			t.Errorf("%s was not applied to the account", typ)
		} else if _, ok := excludedTypes[typ]; !ok {
			t.Errorf("%s was not applied and is not a documented emulator exclusion", typ)
		}
	}
	if !r.target.aws {
		for typ := range excludedTypes {
			assert.Contains(t, missing, typ, "%s is documented as excluded, but was applied: drop the exclusion", typ)
		}
		assert.GreaterOrEqual(t, float64(n)/float64(m), minCoverage, fmt.Sprintf("coverage %d of %d", n, m))
	}
}

// docs/testing.md names every exclusion, with the emulator's answer.
func TestDocsListEveryEmulatorExclusion(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "docs", "testing.md"))
	require.NoError(t, err)
	for typ := range excludedTypes {
		assert.True(t, strings.Contains(string(readme), "`"+typ+"`"), "docs/testing.md's emulator table lists %s", typ)
	}
}
