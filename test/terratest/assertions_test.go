package terratest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outputs are the root's outputs after apply, as plain JSON values.
type outputs map[string]any

func (o outputs) str(keys ...string) string {
	var cur any = map[string]any(o)
	for _, k := range keys {
		m, _ := cur.(map[string]any)
		cur = m[k]
	}
	s, _ := cur.(string)
	return s
}

func (o outputs) strMap(keys ...string) map[string]string {
	var cur any = map[string]any(o)
	for _, k := range keys {
		m, _ := cur.(map[string]any)
		cur = m[k]
	}
	out := map[string]string{}
	for k, v := range cur.(map[string]any) {
		out[k], _ = v.(string)
	}
	return out
}

// zoneBuckets: each zone of the tfvars with the bucket it was applied as.
func zoneBuckets(t *testing.T, r *root, out outputs) map[string]string {
	names := out.strMap("data_lake_storage", "bucket_names")
	zones := r.obj("storage", "zones")
	require.NotEmpty(t, zones, "storage.zones in %s/terraform.tfvars", r.env)
	for zone := range zones {
		require.Contains(t, names, zone, "bucket_names output for zone %s", zone)
	}
	return names
}

func assertLifecycle(t *testing.T, r *root, c *clients, out outputs) {
	for zone, bucket := range zoneBuckets(t, r, out) {
		zoneCfg := r.obj("storage", "zones", zone)
		var want []string
		for _, tr := range asList(zoneCfg["transitions"]) {
			m := tr.(map[string]any)
			want = append(want, fmt.Sprintf("%v days -> %v", m["days"], m["storage_class"]))
		}
		res, err := c.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
		require.NoError(t, err, "lifecycle of %s", bucket)
		var got []string
		expiration := int32(0)
		for _, rule := range res.Rules {
			for _, tr := range rule.Transitions {
				got = append(got, fmt.Sprintf("%d days -> %s", aws.ToInt32(tr.Days), tr.StorageClass))
			}
			if rule.Expiration != nil && rule.Expiration.Days != nil {
				expiration = *rule.Expiration.Days
			}
		}
		sort.Strings(want)
		sort.Strings(got)
		assert.Equal(t, want, got, "storage.zones.%s.transitions on %s", zone, bucket)
		if days, ok := zoneCfg["expiration_days"].(float64); ok {
			assert.EqualValues(t, days, expiration, "storage.zones.%s.expiration_days on %s", zone, bucket)
		} else {
			assert.Zero(t, expiration, "storage.zones.%s sets no expiration, but %s expires objects", zone, bucket)
		}
	}
}

func assertBucketProtection(t *testing.T, r *root, c *clients, out outputs) {
	key := out.str("data_lake_storage", "kms_key_arn")
	for zone, bucket := range zoneBuckets(t, r, out) {
		versioning, err := c.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
		require.NoError(t, err)
		wantVersions := true
		if v, ok := r.get("storage", "zones", zone, "versioning").(bool); ok {
			wantVersions = v
		}
		assert.Equal(t, wantVersions, versioning.Status == "Enabled", "storage.zones.%s.versioning on %s (status %q)", zone, bucket, versioning.Status)

		enc, err := c.s3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
		require.NoError(t, err)
		require.Len(t, enc.ServerSideEncryptionConfiguration.Rules, 1, "encryption rules of %s", bucket)
		def := enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault
		assert.Equal(t, "aws:kms", string(def.SSEAlgorithm), "encryption of %s", bucket)
		assert.Equal(t, key, aws.ToString(def.KMSMasterKeyID), "%s is encrypted with the lake key", bucket)

		pab, err := c.s3.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
		require.NoError(t, err)
		p := pab.PublicAccessBlockConfiguration
		assert.True(t, aws.ToBool(p.BlockPublicAcls) && aws.ToBool(p.BlockPublicPolicy) && aws.ToBool(p.IgnorePublicAcls) && aws.ToBool(p.RestrictPublicBuckets),
			"%s blocks every kind of public access", bucket)
	}
}

func assertKeyRotation(t *testing.T, r *root, c *clients, out outputs) {
	res, err := c.kms.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(out.str("data_lake_storage", "kms_key_arn"))})
	require.NoError(t, err)
	assert.True(t, res.KeyRotationEnabled, "the lake key rotates")
}

func assertEMRApplication(t *testing.T, r *root, c *clients, out outputs) {
	res, err := c.emr.GetApplication(ctx, &emrserverless.GetApplicationInput{ApplicationId: aws.String(out.str("emr_serverless", "application_id"))})
	require.NoError(t, err)
	app := res.Application
	assert.Equal(t, fmt.Sprintf("%v vCPU", r.num("emr", "max_capacity", "cpu")), aws.ToString(app.MaximumCapacity.Cpu), "emr.max_capacity.cpu")
	assert.Equal(t, fmt.Sprintf("%v GB", r.num("emr", "max_capacity", "memory_gb")), aws.ToString(app.MaximumCapacity.Memory), "emr.max_capacity.memory_gb")
	assert.Equal(t, r.str("emr", "release_label"), aws.ToString(app.ReleaseLabel), "emr.release_label")
	require.NotNil(t, app.AutoStopConfiguration)
	assert.True(t, aws.ToBool(app.AutoStopConfiguration.Enabled), "auto-stop is on")
	assert.EqualValues(t, r.num("emr", "idle_timeout_minutes"), aws.ToInt32(app.AutoStopConfiguration.IdleTimeoutMinutes), "emr.idle_timeout_minutes")
	if r.target.aws {
		assert.Equal(t, r.str("emr", "architecture"), string(app.Architecture), "emr.architecture")
	} else {
		gap(t, "emr.architecture", "moto does not keep an application's architecture")
	}
}

func assertStreams(t *testing.T, r *root, c *clients, out outputs) {
	streams := out.strMap("kinesis_ingest", "stream_names")
	deliveries := out.strMap("kinesis_ingest", "delivery_stream_names")
	sources := r.obj("sources")
	require.NotEmpty(t, sources, "sources in %s/terraform.tfvars", r.env)
	checked := 0
	defer func() {
		// Every stream source was checked, and no stream was applied that no source declares.
		assert.Len(t, streams, checked, "streams applied for the stream sources")
		assert.Len(t, deliveries, checked, "deliveries applied for the stream sources")
	}()
	for name, src := range sources {
		if src.(map[string]any)["ingestion"] != "stream" {
			continue
		}
		checked++
		require.Contains(t, streams, name, "a stream for source %s", name)
		sum, err := c.kinesis.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(streams[name])})
		require.NoError(t, err)
		d := sum.StreamDescriptionSummary
		mode := r.str("sources", name, "stream", "mode")
		assert.Equal(t, mode, string(d.StreamModeDetails.StreamMode), "sources.%s.stream.mode", name)
		if mode == "PROVISIONED" {
			assert.EqualValues(t, r.num("sources", name, "stream", "shard_count"), aws.ToInt32(d.OpenShardCount), "sources.%s.stream.shard_count", name)
		}
		assert.EqualValues(t, r.num("streaming", "retention_hours"), aws.ToInt32(d.RetentionPeriodHours), "streaming.retention_hours")

		del, err := c.firehose.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String(deliveries[name])})
		require.NoError(t, err)
		require.Len(t, del.DeliveryStreamDescription.Destinations, 1)
		s3dest := del.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription
		require.NotNil(t, s3dest, "%s delivers to S3", deliveries[name])
		assert.True(t, strings.HasPrefix(aws.ToString(s3dest.Prefix), name+"/!{timestamp:yyyy}/"), "prefix %q is the source's day partitions", aws.ToString(s3dest.Prefix))
		assert.EqualValues(t, r.num("streaming", "buffering_size_mb"), aws.ToInt32(s3dest.BufferingHints.SizeInMBs), "streaming.buffering_size_mb")
		assert.EqualValues(t, r.num("streaming", "buffering_interval_seconds"), aws.ToInt32(s3dest.BufferingHints.IntervalInSeconds), "streaming.buffering_interval_seconds")
	}
}

func assertGlue(t *testing.T, r *root, c *clients, out outputs) {
	crawlers := out.strMap("glue_catalog", "crawler_names")
	jobs := out.strMap("glue_catalog", "job_names")
	sources := r.obj("sources")
	require.NotEmpty(t, sources, "sources in %s/terraform.tfvars", r.env)
	assert.Len(t, jobs, len(sources), "a Glue job per source")
	for name, src := range sources {
		if schedule, ok := src.(map[string]any)["crawler_schedule"].(string); ok {
			require.Contains(t, crawlers, name)
			res, err := c.glue.GetCrawler(ctx, &glue.GetCrawlerInput{Name: aws.String(crawlers[name])})
			require.NoError(t, err)
			require.NotNil(t, res.Crawler.Schedule, "crawler %s has a schedule", crawlers[name])
			assert.Equal(t, schedule, aws.ToString(res.Crawler.Schedule.ScheduleExpression), "sources.%s.crawler_schedule", name)
		}
		require.Contains(t, jobs, name, "a Glue job for source %s", name)
		job, err := c.glue.GetJob(ctx, &glue.GetJobInput{JobName: aws.String(jobs[name])})
		require.NoError(t, err)
		assert.EqualValues(t, r.num("glue", "number_of_workers"), aws.ToInt32(job.Job.NumberOfWorkers), "glue.number_of_workers on %s", jobs[name])
		assert.Equal(t, r.str("glue", "worker_type"), string(job.Job.WorkerType), "glue.worker_type on %s", jobs[name])
	}
}

// The Spark parameters of StartEMRJob are derived from emr.*; the live definition must hold them.
func assertStateMachines(t *testing.T, r *root, c *clients, out outputs) {
	arns := out.strMap("etl_pipeline", "state_machine_arns")
	require.NotEmpty(t, arns)
	want := []string{
		fmt.Sprintf("spark.driver.cores=%v", r.num("emr", "driver", "cpu")),
		fmt.Sprintf("spark.executor.cores=%v", r.num("emr", "executor", "cpu")),
		fmt.Sprintf("spark.dynamicAllocation.minExecutors=%v", r.num("emr", "min_executors")),
		fmt.Sprintf("spark.dynamicAllocation.maxExecutors=%v", r.num("emr", "max_executors")),
	}
	for pipeline, arn := range arns {
		res, err := c.sfn.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(arn)})
		require.NoError(t, err)
		var def struct {
			States map[string]struct {
				Parameters struct {
					ApplicationId string
					JobDriver     struct {
						SparkSubmit struct{ SparkSubmitParameters string }
					}
				}
			}
		}
		require.NoError(t, json.Unmarshal([]byte(aws.ToString(res.Definition)), &def))
		start, ok := def.States["StartEMRJob"]
		require.True(t, ok, "pipeline %s has a StartEMRJob state", pipeline)
		assert.Equal(t, out.str("emr_serverless", "application_id"), start.Parameters.ApplicationId, "pipeline %s starts jobs on the lake's application", pipeline)
		params := start.Parameters.JobDriver.SparkSubmit.SparkSubmitParameters
		for _, w := range want {
			assert.Contains(t, strings.Fields(params), w, "pipeline %s: SparkSubmitParameters %q", pipeline, params)
		}
	}
}

func assertAthena(t *testing.T, r *root, c *clients, out outputs) {
	res, err := c.athena.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String(out.str("athena", "workgroup_name"))})
	require.NoError(t, err)
	assert.EqualValues(t, r.num("athena", "bytes_scanned_cutoff_per_query"), aws.ToInt64(res.WorkGroup.Configuration.BytesScannedCutoffPerQuery), "athena.bytes_scanned_cutoff_per_query")
}

func assertAlertSubscriptions(t *testing.T, r *root, c *clients, out outputs) {
	res, err := c.sns.ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(out.str("monitoring", "alert_topic_arn"))})
	require.NoError(t, err)
	var got, want []string
	for _, s := range res.Subscriptions {
		got = append(got, aws.ToString(s.Protocol)+":"+aws.ToString(s.Endpoint))
	}
	for _, e := range asList(r.get("monitoring", "alert_emails")) {
		want = append(want, "email:"+e.(string))
	}
	require.NotEmpty(t, want, "monitoring.alert_emails in %s/terraform.tfvars", r.env)
	sort.Strings(got)
	sort.Strings(want)
	assert.Equal(t, want, got, "monitoring.alert_emails are subscribed to the alert topic")
}

// gap records, in the test log, a check the emulator cannot make; the
// real-account run makes it. docs/testing.md's emulator table lists each one.
func gap(t *testing.T, key, why string) {
	t.Logf("not checked against the emulator: %s (%s); the real-account run checks it", key, why)
}

func asList(v any) []any { l, _ := v.([]any); return l }
