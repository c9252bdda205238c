package terratest

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	python := emulatorPython(t)
	port := freePort(t)
	logFile, err := os.Create(filepath.Join(t.TempDir(), "moto.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, filepath.Join("emulator", "server.py"), "-H", "127.0.0.1", "-p", fmt.Sprint(port), "--ssl")
	cmd.Env = append(os.Environ(), "MOTO_ACCOUNT_ID="+accountID, fmt.Sprintf("LAKEGEN_EMULATOR_PARENT=%d", os.Getpid()))
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

func emulatorPython(t *testing.T) string {
	t.Helper()
	python := os.Getenv("LAKEGEN_E2E_PYTHON")
	if python == "" {
		python = filepath.Join("..", "..", ".venv-e2e", "bin", "python")
	}
	if _, err := os.Stat(python); err != nil {
		t.Fatalf("no emulator Python at %s: run test/terratest/run.sh, which makes the virtualenv", python)
	}
	return python
}

// A killed test never runs its cleanup; the emulator must not outlive it.
func TestEmulatorStopsWithItsParent(t *testing.T) {
	if os.Getenv("LAKEGEN_E2E_TARGET") == "aws" {
		t.Skip("no emulator against a real account")
	}
	python := emulatorPython(t)
	// The shell stands for a killed test: it starts the server, says its pid and exits.
	script := fmt.Sprintf(`LAKEGEN_EMULATOR_PARENT=$$ %q %q -H 127.0.0.1 -p %d >/dev/null 2>&1 & echo $!`,
		python, filepath.Join("emulator", "server.py"), freePort(t))
	out, err := exec.Command("sh", "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Sscan(string(out), &pid); err != nil {
		t.Fatalf("no pid from the shell: %q", out)
	}
	deadline := time.Now().Add(30 * time.Second)
	for running(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the emulator (pid %d) still runs 30 s after its parent exited", pid)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// running is false for a process that is gone or a zombie no one has reaped yet.
func running(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
