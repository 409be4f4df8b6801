package storeutil_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

func TestCheckEvents(t *testing.T) {
	good := func() *truce.Event {
		return &truce.Event{Date: truce.MustDate("2020-12-01"), SubType: truce.NonViolentTransfer, Actor1: truce.Actor{Name: "Military Forces of Azerbaijan"}}
	}
	tests := []struct {
		name string
		es   []*truce.Event
		want string
	}{
		{"none", nil, ""},
		{"all good", []*truce.Event{good(), good()}, ""},
		{"second nil", []*truce.Event{good(), nil}, "event 1: nil event"},
		{"third no actor", []*truce.Event{good(), good(), {Date: truce.MustDate("2020-12-01"), SubType: truce.NonViolentTransfer}}, "event 2: event has no actor1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, storeutil.CheckEvents(tt.es), tt.want)
		})
	}
}

func TestImportOf(t *testing.T) {
	es := []*truce.Event{{ID: 12, Version: 1}, {ID: 13, Version: 1}, {ID: 15, Version: 1}}
	id, rec := storeutil.ImportOf(es)
	b, _ := json.Marshal(rec)
	if id != "12-15" || string(b) != `{"count":3,"first_id":12,"last_id":15}` {
		t.Errorf("ImportOf = %q, %s", id, b)
	}
	storeutil.ForgetIDs(es)
	for i, e := range es {
		if e.ID != 0 || e.Version != 0 {
			t.Errorf("event %d after ForgetIDs: id %d version %d", i, e.ID, e.Version)
		}
	}
	if id, _ := storeutil.ImportOf(es[:1]); !strings.HasPrefix(id, "0-0") {
		t.Errorf("ImportOf of forgotten ids = %q", id)
	}
}
