package terratest

import (
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
)

// TestLostInUpgrade: the upgrade test's plan check, on changes it must fail and changes it must let through.
func TestLostInUpgrade(t *testing.T) {
	grant := func(before, after []any) *tfjson.ResourceChange {
		return &tfjson.ResourceChange{Type: "aws_lakeformation_permissions", Change: &tfjson.Change{
			Before: map[string]any{"permissions": before}, After: map[string]any{"permissions": after},
		}}
	}
	bucket := &tfjson.ResourceChange{Type: "aws_s3_bucket", Change: &tfjson.Change{}}
	policy := &tfjson.ResourceChange{Type: "aws_iam_role_policy", Change: &tfjson.Change{}}
	cases := []struct {
		name string
		rc   *tfjson.ResourceChange
		kind string
		lost bool
	}{
		{"a bucket replaced", bucket, "delete+create", true},
		{"a bucket destroyed", bucket, "delete", true},
		{"a bucket forgotten: left in the account, unmanaged", bucket, "forget", true},
		{"a policy forgotten", policy, "forget", true},
		{"a policy replaced: it holds no data", policy, "delete+create", false},
		{"a bucket updated in place", bucket, "update", false},
		{"a grant narrowed", grant([]any{"CREATE_TABLE", "ALTER", "DESCRIBE"}, []any{"CREATE_TABLE", "DESCRIBE"}), "delete+create", false},
		{"a grant widened", grant([]any{"DESCRIBE"}, []any{"DESCRIBE", "DROP"}), "delete+create", true},
		{"a grant changed", grant([]any{"SELECT"}, []any{"INSERT"}), "delete+create", true},
		{"a grant destroyed", &tfjson.ResourceChange{Type: "aws_lakeformation_permissions", Change: &tfjson.Change{}}, "delete", true},
	}
	for _, c := range cases {
		assert.Equal(t, c.lost, lostInUpgrade(c.rc, c.kind), c.name)
	}
}
