package terratest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Where the suite applies: the local emulator (default) or a real account
// (LAKEGEN_E2E_TARGET=aws, from .github/workflows/e2e.yml).
type target struct {
	aws bool
	// Real-account settings, from the workflow's inputs; never from code.
	region, stateBucket, stateRegion, prefix string
}

func currentTarget(t *testing.T) target {
	switch os.Getenv("LAKEGEN_E2E_TARGET") {
	case "", "emulator":
		return target{}
	case "aws":
		tg := target{
			aws:         true,
			region:      mustEnv(t, "AWS_REGION"),
			stateBucket: mustEnv(t, "LAKEGEN_E2E_STATE_BUCKET"),
			stateRegion: os.Getenv("LAKEGEN_E2E_STATE_REGION"),
			prefix:      os.Getenv("LAKEGEN_E2E_PREFIX"),
		}
		if tg.stateRegion == "" {
			tg.stateRegion = tg.region
		}
		if tg.prefix == "" {
			tg.prefix = fmt.Sprintf("lg%d", time.Now().Unix()%1_000_000)
		}
		return tg
	default:
		t.Fatalf("LAKEGEN_E2E_TARGET=%q: use emulator or aws", os.Getenv("LAKEGEN_E2E_TARGET"))
		return target{}
	}
}

func mustEnv(t *testing.T, name string) string {
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s must be set when LAKEGEN_E2E_TARGET=aws", name)
	}
	return v
}

// distDir is the synthesized output under test: LAKEGEN_E2E_DIST, or the repository's dist/.
func distDir(t *testing.T) string {
	dir := os.Getenv("LAKEGEN_E2E_DIST")
	if dir == "" {
		dir = filepath.Join("..", "..", "dist")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(abs, "envs")); err != nil {
		t.Fatalf("%s has no envs/: run `lakegen synth` first (test/terratest/run.sh does)", abs)
	}
	return abs
}
