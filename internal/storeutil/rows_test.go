package storeutil_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/truce-monitor/truce/internal/storeutil"
)

// fakeRows yields its values one by one, then err.
type fakeRows struct {
	vals []int
	i    int
	err  error
}

func (r *fakeRows) Next() bool { r.i++; return r.i <= len(r.vals) }
func (r *fakeRows) Err() error { return r.err }

func TestCollect(t *testing.T) {
	errScan, errRows := errors.New("scan"), errors.New("rows")
	tests := []struct {
		name    string
		rows    *fakeRows
		badScan int // value whose scan fails; 0 for none
		want    []int
		err     error
	}{
		{"none", &fakeRows{}, 0, nil, nil},
		{"three", &fakeRows{vals: []int{3, 1, 2}}, 0, []int{3, 1, 2}, nil},
		{"scan fails", &fakeRows{vals: []int{3, 1, 2}}, 1, nil, errScan},
		{"rows fail", &fakeRows{vals: []int{3}, err: errRows}, 0, nil, errRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rows
			got, err := storeutil.Collect(r, func() (int, error) {
				v := r.vals[r.i-1]
				if v == tt.badScan {
					return 0, errScan
				}
				return v, nil
			})
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
