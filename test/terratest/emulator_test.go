package terratest

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// emulator is one moto server, for one environment, on a free loopback port.
type emulator struct {
	endpoint string
	cmd      *exec.Cmd
}

var insecureClient = &http.Client{
	Timeout:   30 * time.Second,
	Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, // moto's own self-signed certificate
}

// startEmulator starts moto with TLS (the buckets deny plain HTTP) as the
// given account, and stops it when the test ends.
func startEmulator(t *testing.T, accountID string) *emulator {
	t.Helper()
	python := os.Getenv("LAKEGEN_E2E_PYTHON")
	if python == "" {
		python = filepath.Join("..", "..", ".venv-e2e", "bin", "python")
	}
	if _, err := os.Stat(python); err != nil {
		t.Fatalf("no emulator Python at %s: run test/terratest/run.sh, which makes the virtualenv", python)
	}
	port := freePort(t)
	logFile, err := os.Create(filepath.Join(t.TempDir(), "moto.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, filepath.Join("emulator", "server.py"), "-H", "127.0.0.1", "-p", fmt.Sprint(port), "--ssl")
	cmd.Env = append(os.Environ(), "MOTO_ACCOUNT_ID="+accountID)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	e := &emulator{endpoint: fmt.Sprintf("https://127.0.0.1:%d", port), cmd: cmd}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		_ = cmd.Wait()
		logFile.Close()
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := insecureClient.Get(e.endpoint + "/moto-api/data.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return e
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logFile.Name())
			t.Fatalf("the emulator did not answer on %s within 60 s: %v\n%s", e.endpoint, err, log)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
