package terratest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gruntwork-io/terratest/modules/terraform"
	"github.com/hashicorp/hcl/v2/hclparse"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The services the root calls; each gets the emulator's endpoint.
var emulatedServices = []string{
	"athena", "budgets", "cloudwatch", "events", "emrserverless", "firehose", "glue", "iam", "kinesis",
	"kms", "lakeformation", "logs", "s3", "scheduler", "sfn", "sns", "ssm", "sts",
}

// root is a scratch copy of dist/envs/<env> with dist/modules beside it, so
// dist/ itself is never touched.
type root struct {
	env      string
	dir      string
	tfvars   map[string]any
	options  *terraform.Options
	target   target
	emulator *emulator
	// The emulator overrides of the lakegen that wrote the root: emulator/overrides unless set.
	overrides string
}

func newRoot(t *testing.T, env string, tg target) *root {
	t.Helper()
	return newRootFrom(t, distDir(t), env, tg, "")
}

// newRootFrom is newRoot for the output of another lakegen, such as the previous release's (upgrade_test.go).
func newRootFrom(t *testing.T, dist, env string, tg target, overrides string) *root {
	t.Helper()
	scratch := t.TempDir()
	copyDir(t, filepath.Join(dist, "modules"), filepath.Join(scratch, "modules"))
	dir := filepath.Join(scratch, "envs", env)
	copyDir(t, filepath.Join(dist, "envs", env), dir)
	r := &root{env: env, dir: dir, target: tg, overrides: overrides}
	r.tfvars = readTfvars(t, filepath.Join(dir, "terraform.tfvars"))

	r.options = &terraform.Options{
		TerraformDir: dir,
		NoColor:      true,
		Lock:         false,
		EnvVars:      map[string]string{"CHECKPOINT_DISABLE": "1"},
	}
	if tg.aws {
		r.configureAccount(t)
	} else {
		r.emulator = startEmulator(t, r.str("account_id"))
		r.configureEmulator(t)
	}
	return r
}

func (r *root) configureEmulator(t *testing.T) {
	write(t, filepath.Join(r.dir, "backend_override.tf"), "terraform {\n  backend \"local\" {}\n}\n")
	var endpoints strings.Builder
	for _, s := range emulatedServices {
		fmt.Fprintf(&endpoints, "    %-13s = %q\n", s, r.emulator.endpoint)
	}
	write(t, filepath.Join(r.dir, "provider_override.tf"), fmt.Sprintf(`provider "aws" {
  access_key                  = "emulator"
  secret_key                  = "emulator"
  insecure                    = true
  max_retries                 = 2
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
%s  }
}
`, endpoints.String()))
	// The documented exclusions: one override file per module that needs one.
	dir := r.overrides
	if dir == "" {
		dir = filepath.Join("emulator", "overrides")
	}
	overrides, err := filepath.Glob(filepath.Join(dir, "*", "emulator_override.tf"))
	if err != nil || len(overrides) == 0 {
		t.Fatalf("no emulator overrides found: %v", err)
	}
	for _, o := range overrides {
		module := filepath.Base(filepath.Dir(o))
		dest := filepath.Join(r.dir, "..", "..", "modules", module)
		if _, err := os.Stat(filepath.Join(dest, "main.tf")); err != nil {
			t.Fatalf("emulator override %s names module %s, which dist/ does not have", o, module)
		}
		data, err := os.ReadFile(o)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dest, "emulator_override.tf"), string(data))
	}
}

// configureAccount points the copy at a real account: a unique name prefix,
// the account and region of the workflow's inputs, and an S3 backend key per run.
func (r *root) configureAccount(t *testing.T) {
	account := mustEnv(t, "LAKEGEN_E2E_ACCOUNT_ID")
	original := r.str("account_id")
	data, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfvars"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), original, account)
	write(t, filepath.Join(r.dir, "terraform.tfvars"), text)
	write(t, filepath.Join(r.dir, "e2e.auto.tfvars"), fmt.Sprintf("project = %q\nregion  = %q\n", r.target.prefix, r.target.region))
	r.options.BackendConfig = map[string]any{
		"bucket": r.target.stateBucket,
		"region": r.target.stateRegion,
		"key":    fmt.Sprintf("lakegen-e2e/%s/%s/terraform.tfstate", r.target.prefix, r.env),
	}
	r.tfvars = readTfvars(t, filepath.Join(r.dir, "terraform.tfvars"))
	r.tfvars["project"] = r.target.prefix
	r.tfvars["region"] = r.target.region
}

// editTfvars rewrites the copy's terraform.tfvars and re-reads it.
func (r *root) editTfvars(t *testing.T, re *regexp.Regexp, replace func(match []string) string) {
	t.Helper()
	path := filepath.Join(r.dir, "terraform.tfvars")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := re.ReplaceAllStringFunc(string(data), func(s string) string { return replace(re.FindStringSubmatch(s)) })
	write(t, path, text)
	r.tfvars = readTfvars(t, path)
}

// readTfvars parses a tfvars file into plain JSON values.
func readTfvars(t *testing.T, path string) map[string]any {
	t.Helper()
	file, diags := hclparse.NewParser().ParseHCLFile(path)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", path, diags.Error())
	}
	attrs, diags := file.Body.JustAttributes()
	if diags.HasErrors() {
		t.Fatalf("%s: %s", path, diags.Error())
	}
	out := map[string]any{}
	for name, attr := range attrs {
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("%s: %s: %s", path, name, diags.Error())
		}
		raw, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			t.Fatal(err)
		}
		var decoded any
		if err := json.Unmarshal(raw, &decoded); err != nil {
			t.Fatal(err)
		}
		out[name] = decoded
	}
	return out
}

// get walks the tfvars by keys: r.get("emr", "max_executors").
func (r *root) get(keys ...string) any {
	var cur any = r.tfvars
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

func (r *root) str(keys ...string) string         { s, _ := r.get(keys...).(string); return s }
func (r *root) num(keys ...string) float64        { n, _ := r.get(keys...).(float64); return n }
func (r *root) obj(keys ...string) map[string]any { m, _ := r.get(keys...).(map[string]any); return m }

func (r *root) namePrefix() string { return r.str("project") + "-" + r.env }

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if info.IsDir() {
			if info.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, info.Mode())
	})
	if err != nil {
		t.Fatalf("copying %s: %v", from, err)
	}
}
