package terratest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	emrtypes "github.com/aws/aws-sdk-go-v2/service/emrserverless/types"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
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

	aliases, err := c.kms.ListAliases(ctx, &kms.ListAliasesInput{})
	require.NoError(t, err)
	var names []string
	for _, a := range aliases.Aliases {
		names = append(names, aws.ToString(a.AliasName))
		if strings.Contains(aws.ToString(a.AliasName), prefix) && a.TargetKeyId != nil {
			key, err := c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: a.TargetKeyId})
			require.NoError(t, err)
			assert.Equal(t, "PendingDeletion", string(key.KeyMetadata.KeyState), "the lake key is scheduled for deletion")
		}
	}
	left("KMS aliases", names)

	// One list call per service; each gives the names to look for the prefix in.
	listers := []struct {
		service string
		list    func() ([]string, error)
	}{
		{"S3 buckets", func() ([]string, error) {
			res, err := c.s3.ListBuckets(ctx, &s3.ListBucketsInput{})
			return namesOf(res, err, func(r *s3.ListBucketsOutput) []s3types.Bucket { return r.Buckets }, func(b s3types.Bucket) *string { return b.Name })
		}},
		{"Glue databases", func() ([]string, error) {
			res, err := c.glue.GetDatabases(ctx, &glue.GetDatabasesInput{})
			return namesOf(res, err, func(r *glue.GetDatabasesOutput) []gluetypes.Database { return r.DatabaseList }, func(d gluetypes.Database) *string { return d.Name })
		}},
		{"Glue jobs", func() ([]string, error) {
			res, err := c.glue.ListJobs(ctx, &glue.ListJobsInput{})
			return namesOf(res, err, func(r *glue.ListJobsOutput) []string { return r.JobNames }, aws.String)
		}},
		{"Glue crawlers", func() ([]string, error) {
			res, err := c.glue.ListCrawlers(ctx, &glue.ListCrawlersInput{})
			return namesOf(res, err, func(r *glue.ListCrawlersOutput) []string { return r.CrawlerNames }, aws.String)
		}},
		{"Kinesis streams", func() ([]string, error) {
			res, err := c.kinesis.ListStreams(ctx, &kinesis.ListStreamsInput{})
			return namesOf(res, err, func(r *kinesis.ListStreamsOutput) []string { return r.StreamNames }, aws.String)
		}},
		{"Firehose streams", func() ([]string, error) {
			res, err := c.firehose.ListDeliveryStreams(ctx, &firehose.ListDeliveryStreamsInput{})
			return namesOf(res, err, func(r *firehose.ListDeliveryStreamsOutput) []string { return r.DeliveryStreamNames }, aws.String)
		}},
		{"state machines", func() ([]string, error) {
			res, err := c.sfn.ListStateMachines(ctx, &sfn.ListStateMachinesInput{})
			return namesOf(res, err, func(r *sfn.ListStateMachinesOutput) []sfntypes.StateMachineListItem { return r.StateMachines },
				func(m sfntypes.StateMachineListItem) *string { return m.Name })
		}},
		{"EMR Serverless applications", func() ([]string, error) {
			res, err := c.emr.ListApplications(ctx, &emrserverless.ListApplicationsInput{
				States: []emrtypes.ApplicationState{emrtypes.ApplicationStateCreating, emrtypes.ApplicationStateCreated, emrtypes.ApplicationStateStarting,
					emrtypes.ApplicationStateStarted, emrtypes.ApplicationStateStopping, emrtypes.ApplicationStateStopped},
			})
			return namesOf(res, err, func(r *emrserverless.ListApplicationsOutput) []emrtypes.ApplicationSummary { return r.Applications },
				func(a emrtypes.ApplicationSummary) *string { return a.Name })
		}},
		{"IAM roles", func() ([]string, error) {
			res, err := c.iam.ListRoles(ctx, &iam.ListRolesInput{})
			return namesOf(res, err, func(r *iam.ListRolesOutput) []iamtypes.Role { return r.Roles }, func(r iamtypes.Role) *string { return r.RoleName })
		}},
		{"log groups", func() ([]string, error) {
			res, err := c.logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
			return namesOf(res, err, func(r *cloudwatchlogs.DescribeLogGroupsOutput) []logstypes.LogGroup { return r.LogGroups },
				func(g logstypes.LogGroup) *string { return g.LogGroupName })
		}},
		{"SNS topics", func() ([]string, error) {
			res, err := c.sns.ListTopics(ctx, &sns.ListTopicsInput{})
			return namesOf(res, err, func(r *sns.ListTopicsOutput) []snstypes.Topic { return r.Topics }, func(tp snstypes.Topic) *string { return tp.TopicArn })
		}},
	}
	for _, l := range listers {
		names, err := l.list()
		require.NoError(t, err, "listing %s", l.service)
		left(l.service, names)
	}
}

// namesOf picks the name of each item of a list call's answer.
func namesOf[Out any, Item any](res Out, err error, items func(Out) []Item, name func(Item) *string) ([]string, error) {
	if err != nil {
		return nil, err
	}
	var names []string
	for _, it := range items(res) {
		names = append(names, aws.ToString(name(it)))
	}
	return names, nil
}
