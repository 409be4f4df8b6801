package article

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the user and system CPU time the process has used, so
// that benchmarks can report CPU per operation on a loaded machine where
// wall time says more about the neighbours than about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU microseconds per operation since start and
// the articles one core reads per second at that cost.
func reportCPU(b *testing.B, start time.Duration) {
	us := float64((cpuTime() - start).Microseconds()) / float64(b.N)
	b.ReportMetric(us, "cpu-µs/op")
	if us > 0 {
		b.ReportMetric(1e6/us, "articles/cpu-s")
	}
}
