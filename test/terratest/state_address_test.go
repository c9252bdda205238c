package terratest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestStateAddressType: the coverage check's reading of `terraform state list`, without an emulator.
func TestStateAddressType(t *testing.T) {
	cases := []struct {
		addr, typ string
		managed   bool
	}{
		{"aws_s3_bucket.logs", "aws_s3_bucket", true},
		{"module.lake.module.storage.aws_s3_bucket.zone[\"raw\"]", "aws_s3_bucket", true},
		{"module.lake.aws_glue_job.source[\"orders.v2\"]", "aws_glue_job", true},
		{"module.lake.aws_glue_job.source[\"a\\\"].b\"]", "aws_glue_job", true},
		{"module.sources[\"a.b\"].aws_kinesis_stream.this[0]", "aws_kinesis_stream", true},
		{"module.lake.data.aws_iam_policy_document.read", "aws_iam_policy_document", false},
		{"data.aws_caller_identity.current", "aws_caller_identity", false},
		{"module.a[0].aws_sqs_queue.q", "aws_sqs_queue", true},
		{"module.a[\"k\"].data.aws_region.r", "aws_region", false},
		{"aws_glue_job.source[\"a b.c\"]", "aws_glue_job", true},
		{"aws_glue_job.source[\"[x]\"]", "aws_glue_job", true},
	}
	for _, c := range cases {
		typ, managed, err := stateAddressType(c.addr)
		assert.NoError(t, err, c.addr)
		assert.Equal(t, c.typ, typ, c.addr)
		assert.Equal(t, c.managed, managed, c.addr)
	}
	for _, bad := range []string{"", "module.lake", "module.lake.aws_s3_bucket", "data.aws_caller_identity", "a.b.c"} {
		_, _, err := stateAddressType(bad)
		assert.Error(t, err, "%q is not a resource address", bad)
	}
}
