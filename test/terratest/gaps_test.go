package terratest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/budgets"
	budgettypes "github.com/aws/aws-sdk-go-v2/service/budgets/types"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	emrtypes "github.com/aws/aws-sdk-go-v2/service/emrserverless/types"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/aws/aws-sdk-go-v2/service/lakeformation"
	lftypes "github.com/aws/aws-sdk-go-v2/service/lakeformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmulatorGaps asks the emulator each call an exclusion stands on. When
// an emulator upgrade answers one, its probe fails: drop that exclusion.
func TestEmulatorGaps(t *testing.T) {
	if currentTarget(t).aws {
		t.Skip("LAKEGEN_E2E_TARGET=aws: the account has no emulator gaps to probe")
	}
	t.Parallel()
	const account = "123456789012"
	cfg, err := emulatorConfig(startEmulator(t, account), "eu-west-1")
	require.NoError(t, err)
	c := newClients(cfg, true)
	probed := map[string]bool{}
	// A gap is the emulator failing the call itself (500: not implemented or crashed; 404: no such route),
	// with no AWS error in the body. An AWS error such as ValidationException means the call is served,
	// and the probe asked it wrongly: that fails too, so no probe passes on a mistake of its own.
	stillGap := func(typ string, err error) {
		probed[typ] = true
		var apiErr smithy.APIError
		var httpErr *awshttp.ResponseError
		if !assert.Error(t, err, "the emulator now serves %s: remove it from excludedTypes and emulator/overrides", typ) {
			return
		}
		assert.False(t, errors.As(err, &apiErr), "%s: the emulator answered with an AWS error, so it serves the call: %v", typ, err)
		if assert.True(t, errors.As(err, &httpErr), "%s: not an HTTP failure of the emulator: %v", typ, err) {
			assert.Contains(t, []int{404, 500, 501}, httpErr.HTTPStatusCode(), "%s: %v", typ, err)
		}
	}

	_, err = c.glue.CreateClassifier(ctx, &glue.CreateClassifierInput{CsvClassifier: &gluetypes.CreateCsvClassifierRequest{
		Name: aws.String("probe"), ContainsHeader: gluetypes.CsvHeaderOptionPresent}})
	stillGap("aws_glue_classifier", err)

	_, err = c.glue.CreateDataQualityRuleset(ctx, &glue.CreateDataQualityRulesetInput{Name: aws.String("probe"), Ruleset: aws.String(`Rules = [ RowCount > 0 ]`)})
	stillGap("aws_glue_data_quality_ruleset", err)

	_, err = c.budgets.DescribeSubscribersForNotification(ctx, &budgets.DescribeSubscribersForNotificationInput{
		AccountId: aws.String(account), BudgetName: aws.String("probe"),
		Notification: &budgettypes.Notification{ComparisonOperator: budgettypes.ComparisonOperatorGreaterThan,
			NotificationType: budgettypes.NotificationTypeActual, Threshold: 80}})
	stillGap("aws_budgets_budget", err)

	_, err = c.lf.CreateLakeFormationOptIn(ctx, &lakeformation.CreateLakeFormationOptInInput{
		Principal: &lftypes.DataLakePrincipal{DataLakePrincipalIdentifier: aws.String("arn:aws:iam::" + account + ":role/probe")},
		Resource:  &lftypes.Resource{Database: &lftypes.DatabaseResource{Name: aws.String("probe")}},
	})
	stillGap("aws_lakeformation_opt_in", err)

	for _, b := range []string{"probe-logs", "probe-source"} {
		_, err := c.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b),
			CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}})
		require.NoError(t, err)
	}
	_, err = c.s3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("probe-logs"), Policy: aws.String(fmt.Sprintf(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::probe-logs/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},`+
			`{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::probe-logs/*","Condition":{"StringEquals":{"aws:SourceAccount":"%s"}}}]}`, account))})
	require.NoError(t, err)
	_, err = c.s3.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: aws.String("probe-source"), BucketLoggingStatus: &s3types.BucketLoggingStatus{
		LoggingEnabled: &s3types.LoggingEnabled{TargetBucket: aws.String("probe-logs"), TargetPrefix: aws.String("s3-access/probe/")}}})
	stillGap("aws_s3_bucket_logging", err)

	for typ := range excludedTypes {
		assert.True(t, probed[typ], "excluded type %s has no probe here", typ)
	}

	t.Run("attribute gaps and corrections", func(t *testing.T) {
		_, err = c.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("probe-logs"), Key: aws.String("x"), Body: nil})
		assert.Error(t, err, "the emulator now reads a Deny's Condition: drop the bucket-policy override in emulator/overrides/data-lake-storage")

		app, err := c.emr.CreateApplication(ctx, &emrserverless.CreateApplicationInput{Name: aws.String("probe"), ReleaseLabel: aws.String("emr-7.5.0"),
			Type: aws.String("SPARK"), Architecture: emrtypes.ArchitectureArm64})
		require.NoError(t, err)
		got, err := c.emr.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: app.ApplicationId})
		require.NoError(t, err)
		assert.Equal(t, emrtypes.ApplicationStateCreated, got.Application.State, "emulator/server.py creates applications in CREATED, as AWS does")
		assert.Empty(t, got.Application.Architecture, "the emulator now keeps the architecture: check it in assertEMRApplication and drop ignore_changes")

		_, err = c.lf.RevokePermissions(ctx, &lakeformation.RevokePermissionsInput{Permissions: []lftypes.Permission{lftypes.PermissionDescribe},
			Principal: &lftypes.DataLakePrincipal{DataLakePrincipalIdentifier: aws.String("arn:aws:iam::" + account + ":role/probe")},
			Resource:  &lftypes.Resource{Database: &lftypes.DatabaseResource{Name: aws.String("probe"), CatalogId: aws.String(account)}}})
		assert.ErrorContains(t, err, "No permissions revoked", "emulator/server.py answers a revoke of nothing as AWS does")

		_, err = c.glue.CreateJob(ctx, &glue.CreateJobInput{Name: aws.String("probe"), Role: aws.String("arn:aws:iam::" + account + ":role/probe"),
			Command: &gluetypes.JobCommand{Name: aws.String("glueetl"), ScriptLocation: aws.String("s3://probe/a.py")}, Description: aws.String("before"),
			WorkerType: gluetypes.WorkerTypeG1x, NumberOfWorkers: aws.Int32(2)})
		require.NoError(t, err)
		_, err = c.glue.UpdateJob(ctx, &glue.UpdateJobInput{JobName: aws.String("probe"), JobUpdate: &gluetypes.JobUpdate{
			Role: aws.String("arn:aws:iam::" + account + ":role/probe"), Command: &gluetypes.JobCommand{Name: aws.String("glueetl"),
				ScriptLocation: aws.String("s3://probe/b.py")}, WorkerType: gluetypes.WorkerTypeG2x, NumberOfWorkers: aws.Int32(4)}})
		require.NoError(t, err, "emulator/server.py serves Glue UpdateJob")
		job, err := c.glue.GetJob(ctx, &glue.GetJobInput{JobName: aws.String("probe")})
		require.NoError(t, err)
		assert.Equal(t, []any{gluetypes.WorkerTypeG2x, int32(4), "s3://probe/b.py", ""}, []any{job.Job.WorkerType, aws.ToInt32(job.Job.NumberOfWorkers),
			aws.ToString(job.Job.Command.ScriptLocation), aws.ToString(job.Job.Description)}, "UpdateJob overwrites the definition, as AWS does")

		_, err = c.emr.CreateApplication(ctx, &emrserverless.CreateApplicationInput{Name: aws.String("probe-lower"), ReleaseLabel: aws.String("emr-7.5.0"), Type: aws.String("spark")})
		assert.Error(t, err, "the emulator now takes type \"spark\": drop type = \"SPARK\" from emulator/overrides/emr-serverless")
	})
}
