package main

import (
	"strings"
	"testing"
)

func TestAuthMode(t *testing.T) {
	tests := []struct {
		mode, addr string
		auth, err  bool
	}{
		{"auto", "127.0.0.1:8080", false, false},
		{"auto", "127.3.4.5:8080", false, false},
		{"auto", "localhost:8080", false, false},
		{"auto", "[::1]:8080", false, false},
		{"auto", "0.0.0.0:8080", true, false},
		{"auto", ":8080", true, false},
		{"auto", "[::]:8080", true, false},
		{"auto", "192.0.2.7:8080", true, false},
		{"auto", "example.org:80", true, false},
		{"auto", "localhost.example.org:80", true, false},
		{"on", "127.0.0.1:8080", true, false},
		{"off", "127.0.0.1:8080", false, false},
		{"off", "0.0.0.0:8080", false, true},
		{"off", ":8080", false, true},
		{"yes", "127.0.0.1:8080", false, true},
	}
	for _, tt := range tests {
		got, err := authMode(tt.mode, tt.addr)
		if got != tt.auth || (err != nil) != tt.err {
			t.Errorf("authMode(%q, %q) = %v, %v; want auth %v, error %v", tt.mode, tt.addr, got, err, tt.auth, tt.err)
		}
	}
}

// TestRecordName checks that serve never prints a PostgreSQL password.
func TestRecordName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"truce.db", "truce.db"},
		{"/var/lib/truce/truce.db", "/var/lib/truce/truce.db"},
		{"postgres://truce@db.example.org/truce", "postgres://truce@db.example.org/truce"},
		{"postgres://truce:s3cret@db.example.org:5432/truce?sslmode=require", "postgres://truce:xxxxx@db.example.org:5432/truce?sslmode=require"},
		{"postgresql://ana:p%40ss@10.0.0.5/rec", "postgresql://ana:xxxxx@10.0.0.5/rec"},
	}
	for _, tt := range tests {
		got := recordName(tt.in)
		if got != tt.want || strings.Contains(got, "s3cret") || strings.Contains(got, "p%40ss") {
			t.Errorf("recordName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
