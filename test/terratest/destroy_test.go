package terratest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	emrtypes "github.com/aws/aws-sdk-go-v2/service/emrserverless/types"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/gruntwork-io/terratest/modules/terraform"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// destroy runs deferred, whatever failed before it, then lists what is left.
func (r *root) destroy(t *testing.T) {
	_, err := terraform.DestroyE(t, r.options)
	if err != nil && r.target.aws {
		// In an account, S3 access logs land in the log bucket, and prod keeps
		// force_destroy off: empty the run's buckets, then destroy again.
		t.Logf("%s: destroy failed (%v); emptying the run's buckets and retrying", r.env, err)
		r.emptyBuckets(t, r.clients(t))
		_, err = terraform.DestroyE(t, r.options)
	}
	if err != nil {
		t.Errorf("%s: terraform destroy failed: %v", r.env, err)
		return
	}
	t.Logf("%s: destroyed", r.env)
	r.assertNothingLeft(t, r.clients(t))
}

// emptyBuckets deletes every object version and delete marker in the buckets of this run.
func (r *root) emptyBuckets(t *testing.T, c *clients) {
	buckets, err := c.s3.ListBuckets(ctx, &s3.ListBucketsInput{})
	require.NoError(t, err)
	for _, b := range buckets.Buckets {
		name := aws.ToString(b.Name)
		if !strings.HasPrefix(name, r.namePrefix()+"-") {
			continue
		}
		pages := s3.NewListObjectVersionsPaginator(c.s3, &s3.ListObjectVersionsInput{Bucket: b.Name})
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			require.NoError(t, err)
			var ids []s3types.ObjectIdentifier
			for _, v := range page.Versions {
				ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
			}
			for _, m := range page.DeleteMarkers {
				ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
			}
			if len(ids) > 0 {
				_, err := c.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: b.Name, Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
				require.NoError(t, err, "emptying %s", name)
			}
		}
	}
}

// assertNothingLeft lists, per service, what still carries the name prefix.
func (r *root) assertNothingLeft(t *testing.T, c *clients) {
	prefix := r.namePrefix()
	left := func(service string, names []string) {
		var ours []string
		for _, n := range names {
			if strings.Contains(n, prefix) || strings.Contains(n, strings.ReplaceAll(prefix, "-", "_")) {
				ours = append(ours, n)
			}
		}
		assert.Empty(t, ours, "%s: %s left after destroy", r.env, service)
	}

	buckets, err := c.s3.ListBuckets(ctx, &s3.ListBucketsInput{})
	require.NoError(t, err)
	var names []string
	for _, b := range buckets.Buckets {
		names = append(names, aws.ToString(b.Name))
	}
	left("S3 buckets", names)

	aliases, err := c.kms.ListAliases(ctx, &kms.ListAliasesInput{})
	require.NoError(t, err)
	names = nil
	for _, a := range aliases.Aliases {
		names = append(names, aws.ToString(a.AliasName))
		if strings.Contains(aws.ToString(a.AliasName), prefix) && a.TargetKeyId != nil {
			key, err := c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: a.TargetKeyId})
			require.NoError(t, err)
			assert.Equal(t, "PendingDeletion", string(key.KeyMetadata.KeyState), "the lake key is scheduled for deletion")
		}
	}
	left("KMS aliases", names)

	dbs, err := c.glue.GetDatabases(ctx, &glue.GetDatabasesInput{})
	require.NoError(t, err)
	names = nil
	for _, d := range dbs.DatabaseList {
		names = append(names, aws.ToString(d.Name))
	}
	left("Glue databases", names)

	jobs, err := c.glue.ListJobs(ctx, &glue.ListJobsInput{})
	require.NoError(t, err)
	left("Glue jobs", jobs.JobNames)

	crawlers, err := c.glue.ListCrawlers(ctx, &glue.ListCrawlersInput{})
	require.NoError(t, err)
	left("Glue crawlers", crawlers.CrawlerNames)

	streams, err := c.kinesis.ListStreams(ctx, &kinesis.ListStreamsInput{})
	require.NoError(t, err)
	left("Kinesis streams", streams.StreamNames)

	deliveries, err := c.firehose.ListDeliveryStreams(ctx, &firehose.ListDeliveryStreamsInput{})
	require.NoError(t, err)
	left("Firehose streams", deliveries.DeliveryStreamNames)

	machines, err := c.sfn.ListStateMachines(ctx, &sfn.ListStateMachinesInput{})
	require.NoError(t, err)
	names = nil
	for _, m := range machines.StateMachines {
		names = append(names, aws.ToString(m.Name))
	}
	left("state machines", names)

	apps, err := c.emr.ListApplications(ctx, &emrserverless.ListApplicationsInput{
		States: []emrtypes.ApplicationState{emrtypes.ApplicationStateCreating, emrtypes.ApplicationStateCreated, emrtypes.ApplicationStateStarting,
			emrtypes.ApplicationStateStarted, emrtypes.ApplicationStateStopping, emrtypes.ApplicationStateStopped},
	})
	require.NoError(t, err)
	names = nil
	for _, a := range apps.Applications {
		names = append(names, aws.ToString(a.Name))
	}
	left("EMR Serverless applications", names)

	roles, err := c.iam.ListRoles(ctx, &iam.ListRolesInput{})
	require.NoError(t, err)
	names = nil
	for _, role := range roles.Roles {
		names = append(names, aws.ToString(role.RoleName))
	}
	left("IAM roles", names)

	groups, err := c.logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	require.NoError(t, err)
	names = nil
	for _, g := range groups.LogGroups {
		names = append(names, aws.ToString(g.LogGroupName))
	}
	left("log groups", names)

	topics, err := c.sns.ListTopics(ctx, &sns.ListTopicsInput{})
	require.NoError(t, err)
	names = nil
	for _, tp := range topics.Topics {
		names = append(names, aws.ToString(tp.TopicArn))
	}
	left("SNS topics", names)
}
