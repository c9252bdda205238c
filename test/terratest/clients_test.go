package terratest

import (
	"context"
	"crypto/tls"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/budgets"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lakeformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// clients reads what was applied: from the emulator, or from the account.
type clients struct {
	s3       *s3.Client
	kms      *kms.Client
	emr      *emrserverless.Client
	kinesis  *kinesis.Client
	firehose *firehose.Client
	glue     *glue.Client
	sfn      *sfn.Client
	athena   *athena.Client
	sns      *sns.Client
	iam      *iam.Client
	logs     *cloudwatchlogs.Client
	budgets  *budgets.Client
	lf       *lakeformation.Client
}

var ctx = context.Background()

func (r *root) clients(t *testing.T) *clients {
	t.Helper()
	var cfg aws.Config
	var err error
	if r.target.aws {
		cfg, err = config.LoadDefaultConfig(ctx, config.WithRegion(r.target.region))
	} else {
		cfg, err = emulatorConfig(r.emulator, r.str("region"))
	}
	if err != nil {
		t.Fatalf("AWS SDK configuration: %v", err)
	}
	return newClients(cfg, !r.target.aws)
}

func emulatorConfig(e *emulator, region string) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx,
		config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("emulator", "emulator", "")),
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
			tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} // moto's own self-signed certificate
		})),
		config.WithBaseEndpoint(e.endpoint),
		// The SDK's own three attempts, as against AWS: it retries a dropped connection or a 5xx, never an
		// answer (a 4xx, or a value an assertion rejects). Seen once: moto's TLS connection closed mid-response.
		config.WithRetryMaxAttempts(3),
	)
}

func newClients(cfg aws.Config, pathStyle bool) *clients {
	return &clients{
		s3:       s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = pathStyle }),
		kms:      kms.NewFromConfig(cfg),
		emr:      emrserverless.NewFromConfig(cfg),
		kinesis:  kinesis.NewFromConfig(cfg),
		firehose: firehose.NewFromConfig(cfg),
		glue:     glue.NewFromConfig(cfg),
		sfn:      sfn.NewFromConfig(cfg),
		athena:   athena.NewFromConfig(cfg),
		sns:      sns.NewFromConfig(cfg),
		iam:      iam.NewFromConfig(cfg),
		logs:     cloudwatchlogs.NewFromConfig(cfg),
		budgets:  budgets.NewFromConfig(cfg),
		lf:       lakeformation.NewFromConfig(cfg),
	}
}
