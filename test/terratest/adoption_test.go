package terratest

// Adoption (docs/adopting.md) on the emulator: the storage module alone, in a root of its own, meeting
// buckets and a key that exist before it. One test per behaviour; each destroys what it applied.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/terraform"
	"github.com/stretchr/testify/require"
)

const adoptAccount = "123456789012"

// storageRoot is a root calling data-lake-storage beside dist's modules, set up for the emulator as an environment's
// root is (configureEmulator: endpoints, local backend, overrides); rewriteInputs adds to its inputs.
func storageRoot(t *testing.T) (*root, *clients) {
	t.Helper()
	if currentTarget(t).aws {
		t.Skip("LAKEGEN_E2E_TARGET=aws: the adoption test runs on the emulator only; it creates buckets and keys outside any environment")
	}
	scratch := t.TempDir()
	copyDir(t, filepath.Join(distDir(t), "modules"), filepath.Join(scratch, "modules"))
	dir := filepath.Join(scratch, "envs", "adopt")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	r := &root{env: "adopt", dir: dir, tfvars: map[string]any{"account_id": adoptAccount, "region": "eu-west-1"}}
	r.emulator = startEmulator(t, adoptAccount)
	write(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`provider "aws" {
  region = "eu-west-1"
}

module "data_lake_storage" {
  source        = "../../modules/data-lake-storage"
  name_prefix   = "adopt"
  environment   = "dev"
  account_id    = %q
  tags          = { Owner = "adoption-test" }
  force_destroy = true
  zones = {
    raw       = {}
    processed = {}
    curated   = {}
    temp      = { expiration_days = 1 }
  }
}

output "storage" {
  value = module.data_lake_storage
}
`, adoptAccount))
	r.configureEmulator(t)
	r.options = &terraform.Options{TerraformDir: dir, NoColor: true, Lock: false, Logger: logger.Discard,
		EnvVars: map[string]string{"CHECKPOINT_DISABLE": "1"}}
	return r, r.clients(t)
}

// TestAdoption applies one root that meets what exists: a log bucket, a curated and an artifacts bucket and a key
// of the team, used and never changed or destroyed, and a hand-made raw bucket, imported with docs/adopting.md's
// imports.tf as written.
func TestAdoption(t *testing.T) {
	t.Parallel()
	r, c := storageRoot(t)
	central, legacy := "adopt-central-access-logs", "adopt-legacy-raw"
	// A zone and the artifacts bucket another team owns: used through the module's outputs, never managed.
	teamCurated, teamArtifacts := "adopt-team-curated", "adopt-team-artifacts"
	tenantPolicy := `{"Version":"2012-10-17","Statement":[{"Sid":"OtherTenantDelivers","Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::` + central + `/tenant/*"}]}`
	for _, b := range []string{central, legacy, teamCurated, teamArtifacts} {
		_, err := c.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b),
			CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: "eu-west-1"}})
		require.NoError(t, err)
	}
	_, err := c.s3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(central), Policy: aws.String(tenantPolicy)})
	require.NoError(t, err)
	_, err = c.s3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(central),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{{
			ID: aws.String("tenant-retention"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("tenant/")},
			Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(30)}}}}})
	require.NoError(t, err)
	legacySetup(t, c, legacy)
	key, err := c.kms.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("the team's own key")})
	require.NoError(t, err)
	keyArn := aws.ToString(key.KeyMetadata.Arn)

	rewriteInputs(t, r, fmt.Sprintf(`  existing_buckets = { logs = %q, curated = %q, artifacts = %q }
  bucket_names     = { raw = %q }
  kms_key_arn      = %q
  bucket_policy_statements = {
    raw = [
      {
        sid        = "LegacyReader"
        principals = [{ type = "AWS", identifiers = ["arn:aws:iam::444455556666:root"] }]
        actions    = ["s3:GetObject"]
      },
      {
        sid        = "ProducerWritesRaw"
        principals = [{ type = "AWS", identifiers = ["arn:aws:iam::111122223333:root"] }]
        actions    = ["s3:PutObject"]
        resources  = ["arn:aws:s3:::%s/incoming/*"]
      },
    ]
  }`, central, teamCurated, teamArtifacts, legacy, keyArn, legacy))
	write(t, filepath.Join(r.dir, "imports.tf"), guideImports(t, legacy))

	opts := *r.options
	opts.PlanFilePath = filepath.Join(r.dir, "adopt.tfplan")
	plan := terraform.InitAndPlanAndShowWithStruct(t, &opts)
	t.Run("the guide's imports take the bucket over without creating or destroying it", func(t *testing.T) {
		imported := 0
		for addr, rc := range plan.ResourceChangesMap {
			if !strings.Contains(addr, `["raw"]`) {
				continue
			}
			for _, a := range rc.Change.Actions {
				require.NotContains(t, []string{"create", "delete"}, string(a), "%s: adopting must neither create nor destroy it", addr)
			}
			if rc.Change.Importing != nil {
				imported++
			}
		}
		// Every block of the guide but logging's (the emulator cannot apply bucket logging).
		require.Equal(t, 7, imported, "raw's addresses imported")
	})

	terraform.Apply(t, &opts)
	destroyed := false
	defer func() {
		if !destroyed {
			terraform.Destroy(t, r.options)
		}
	}()

	t.Run("the adopted bucket keeps its objects and gains the moved statements", func(t *testing.T) {
		_, err := c.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(legacy), Key: aws.String("orders/2026/12/01/a.json")})
		require.NoError(t, err)
		p, err := c.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(legacy)})
		require.NoError(t, err)
		statementBySid(t, aws.ToString(p.Policy), "LegacyReader")
		producer := statementBySid(t, aws.ToString(p.Policy), "ProducerWritesRaw")
		require.Equal(t, "arn:aws:s3:::"+legacy+"/incoming/*", producer["Resource"])
	})
	t.Run("nothing is created for the existing bucket and key; the zones use the key", func(t *testing.T) {
		state := terraform.RunTerraformCommand(t, r.options, "state", "list")
		for _, line := range strings.Split(strings.TrimSpace(state), "\n") {
			owned := strings.Contains(line, ".logs") || strings.Contains(line, "aws_kms_") || strings.Contains(line, "key_policy") ||
				strings.Contains(line, `["curated"]`) || strings.Contains(line, `["artifacts"]`)
			require.False(t, owned, "%s: lakegen manages what the team owns", line)
		}
		require.Contains(t, state, `module.data_lake_storage.aws_s3_bucket.this["processed"]`, "the state lists the managed buckets")
		out := r.outputs(t)["storage"].(map[string]any)
		require.Equal(t, central, out["log_bucket_name"])
		require.Equal(t, "arn:aws:s3:::"+central, out["log_bucket_arn"])
		require.Equal(t, keyArn, out["kms_key_arn"])
		require.Equal(t, teamCurated, out["bucket_names"].(map[string]any)["curated"])
		require.Equal(t, "arn:aws:s3:::"+teamCurated, out["bucket_arns"].(map[string]any)["curated"])
		require.Equal(t, legacy, out["bucket_names"].(map[string]any)["raw"])
		require.Equal(t, teamArtifacts, out["artifacts_bucket_name"])
		require.Equal(t, "arn:aws:s3:::"+teamArtifacts, out["artifacts_bucket_arn"])
		for _, zone := range []string{legacy, "adopt-processed"} {
			enc, err := c.s3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(zone)})
			require.NoError(t, err)
			require.Equal(t, keyArn, aws.ToString(enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID), zone)
		}
	})

	ownersUntouched := func(t *testing.T) {
		p, err := c.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(central)})
		require.NoError(t, err)
		require.JSONEq(t, tenantPolicy, aws.ToString(p.Policy), "the central bucket's policy is its owner's")
		lc, err := c.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(central)})
		require.NoError(t, err)
		require.Len(t, lc.Rules, 1)
		require.Equal(t, "tenant-retention", aws.ToString(lc.Rules[0].ID))
		for _, b := range []string{teamCurated, teamArtifacts} {
			_, err := c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b)})
			require.NoError(t, err, "%s stays", b)
			_, err = c.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(b)})
			require.Error(t, err, "%s: lakegen wrote no policy on a bucket it does not own", b)
		}
		k, err := c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(keyArn)})
		require.NoError(t, err)
		require.Equal(t, kmstypes.KeyStateEnabled, k.KeyMetadata.KeyState, "the team's key stays enabled")
	}
	t.Run("the existing bucket's policy and lifecycle and the key are untouched", ownersUntouched)
	terraform.Destroy(t, r.options)
	destroyed = true
	t.Run("destroy leaves the existing bucket and the key as they were", ownersUntouched)
}

// legacySetup gives a bucket what a hand-made one has: versioning, encryption, ownership, a public access block,
// a lifecycle rule, a policy and an object.
func legacySetup(t *testing.T, c *clients, bucket string) {
	t.Helper()
	b := aws.String(bucket)
	_, err := c.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b,
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
	require.NoError(t, err)
	_, err = c.s3.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: b,
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256}}}}})
	require.NoError(t, err)
	_, err = c.s3.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: b,
		OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnershipBucketOwnerEnforced}}}})
	require.NoError(t, err)
	_, err = c.s3.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: b,
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}})
	require.NoError(t, err)
	_, err = c.s3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: b,
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{{
			ID: aws.String("legacy-rule"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("")},
			NoncurrentVersionExpiration: &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(60)}}}}})
	require.NoError(t, err)
	_, err = c.s3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(`{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"LegacyReader","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject",` +
		`"Resource":"arn:aws:s3:::` + bucket + `/*"}]}`)})
	require.NoError(t, err)
	_, err = c.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("orders/2026/12/01/a.json"), Body: strings.NewReader(`{"id":"1"}`)})
	require.NoError(t, err)
}

// guideImports is imports.tf as docs/adopting.md writes it, for `bucket`; without the logging block on the emulator.
func guideImports(t *testing.T, bucket string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "adopting.md"))
	require.NoError(t, err)
	block := regexp.MustCompile("(?s)```hcl\n(# imports\\.tf.*?)```").FindSubmatch(doc)
	require.NotNil(t, block, "docs/adopting.md has no imports.tf block")
	text := strings.Replace(string(block[1]), `"acme-legacy-raw"`, fmt.Sprintf("%q", bucket), 1)
	require.Contains(t, text, bucket, "the guide's example bucket name")
	logging := regexp.MustCompile(`(?s)import \{\n[^}]*aws_s3_bucket_logging[^}]*\}\n`)
	require.Len(t, logging.FindAllString(text, -1), 1, "the guide imports the logging configuration once")
	return logging.ReplaceAllString(text, "")
}

// rewriteInputs puts extra module inputs in the root's module block.
func rewriteInputs(t *testing.T, r *root, inputs string) {
	t.Helper()
	path := filepath.Join(r.dir, "main.tf")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := strings.Replace(string(data), "    temp      = { expiration_days = 1 }\n  }\n", "    temp      = { expiration_days = 1 }\n  }\n"+inputs+"\n", 1)
	require.NotEqual(t, string(data), text)
	write(t, path, text)
}

func statementBySid(t *testing.T, policy, sid string) map[string]any {
	t.Helper()
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(policy), &doc))
	for _, s := range doc.Statement {
		if s["Sid"] == sid {
			return s
		}
	}
	t.Fatalf("no statement %s in %s", sid, policy)
	return nil
}
