package terratest

// The upgrade a platform team makes: the previous release's roots (test/fixtures/previous-release, written by
// test/upgrade/previous-release.sh) applied to the emulator, then today's planned and applied against that state.
// Nothing that holds data may be destroyed or replaced on the way, nothing forgotten, and a Lake Formation grant
// replaced only where its permissions narrow (narrowed, below, says why).

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/terraform"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/require"
)

// narrowed says whether a grant's change takes permissions away and adds none. The provider can only replace a
// grant (revoke, then grant), and reads back every permission its principal holds on the resource, so no
// configuration narrows one without a moment between the two calls: docs/upgrading.md names those grants.
func narrowed(before, after any) bool {
	set := func(v any) map[string]bool {
		m := map[string]bool{}
		for _, p := range asList(v) {
			m[fmt.Sprint(p)] = true
		}
		return m
	}
	was, now := set(before), set(after)
	for p := range now {
		if !was[p] {
			return false
		}
	}
	return len(now) < len(was)
}

// lostInUpgrade: a stateful resource destroyed or replaced, a grant replaced for any reason but a narrowing, or
// anything forgotten.
func lostInUpgrade(rc *tfjson.ResourceChange, kind string) bool {
	// A forgotten resource (a removed block that keeps it) is left in the account with no root managing it.
	if strings.Contains(kind, "forget") {
		return true
	}
	if !strings.Contains(kind, "delete") {
		return false
	}
	if rc.Type != "aws_lakeformation_permissions" {
		return statefulTypes[rc.Type]
	}
	before, _ := rc.Change.Before.(map[string]any)
	after, _ := rc.Change.After.(map[string]any)
	return before == nil || after == nil || !narrowed(before["permissions"], after["permissions"])
}

func TestUpgradeFromPreviousRelease(t *testing.T) {
	tg := currentTarget(t)
	if tg.aws {
		t.Skip("LAKEGEN_E2E_TARGET=aws: the upgrade test runs on the emulator; against an account, the e2e workflow's own apply is the upgrade")
	}
	t.Parallel()
	previous, err := filepath.Abs(filepath.Join("..", "fixtures", "previous-release"))
	require.NoError(t, err)
	version, err := os.ReadFile(filepath.Join(previous, "VERSION"))
	require.NoError(t, err, "test/fixtures/previous-release: run test/upgrade/previous-release.sh")
	for _, env := range environments(t) {
		t.Run(env, func(t *testing.T) {
			t.Parallel()
			r := newRootFrom(t, previous, env, tg, filepath.Join(previous, "emulator-overrides"))
			r.options.Logger = logger.Discard
			r.step(t, "apply "+strings.TrimSpace(string(version)), func() { terraform.InitAndApply(t, r.options) })
			// No destroy, to save a whole-root destroy per environment: the emulator goes with the test, and
			// TestEnvironments destroys today's roots (from a fresh state, not an upgraded one: that is not tested).

			r.replaceConfiguration(t, distDir(t))
			opts := *r.options
			opts.PlanFilePath = filepath.Join(r.dir, "upgrade.tfplan")
			var summary map[string]int
			r.step(t, "plan today's root against that state", func() {
				plan := terraform.InitAndPlanAndShowWithStruct(t, &opts)
				summary = map[string]int{}
				var lost []string
				for addr, rc := range plan.ResourceChangesMap {
					actions := []string{}
					for _, a := range rc.Change.Actions {
						actions = append(actions, string(a))
					}
					kind := strings.Join(actions, "+")
					if rc.PreviousAddress != "" && rc.PreviousAddress != addr {
						summary["moved"]++
					}
					summary[kind]++
					switch {
					case lostInUpgrade(rc, kind):
						lost = append(lost, addr+" ("+kind+")")
					case strings.Contains(kind, "delete") && rc.Type == "aws_lakeformation_permissions":
						summary["narrowed grant"]++
						t.Logf("%s: %s narrows its permissions: replaced (docs/upgrading.md)", env, addr)
					case strings.Contains(kind, "delete"):
						t.Logf("%s: %s (%s) holds no data: replaced", env, addr, kind)
					}
				}
				sort.Strings(lost)
				require.Empty(t, lost, "%s: the upgrade from %s destroys, replaces or forgets what must be kept", env, strings.TrimSpace(string(version)))
			})
			t.Logf("%s: upgrade plan: %v", env, summary)
			r.step(t, "apply the upgrade", func() { terraform.Apply(t, &opts) })
			t.Run("re-plan after the upgrade is empty", func(t *testing.T) { r.assertNoChanges(t) })
		})
	}
}

// replaceConfiguration swaps the root's and the modules' files for another lakegen's output, keeping the state.
func (r *root) replaceConfiguration(t *testing.T, dist string) {
	t.Helper()
	modules := filepath.Join(r.dir, "..", "..", "modules")
	require.NoError(t, os.RemoveAll(modules))
	copyDir(t, filepath.Join(dist, "modules"), modules)
	entries, err := os.ReadDir(r.dir)
	require.NoError(t, err)
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tfvars")) {
			require.NoError(t, os.Remove(filepath.Join(r.dir, e.Name())))
		}
	}
	copyDir(t, filepath.Join(dist, "envs", r.env), r.dir)
	r.tfvars = readTfvars(t, filepath.Join(r.dir, "terraform.tfvars"))
	r.overrides = ""
	r.configureEmulator(t)
}
