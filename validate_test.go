package truce_test

import (
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

func TestEvidenceValidate(t *testing.T) {
	tests := []struct {
		name string
		ev   *truce.Evidence
		want string // substring of the error; "" means valid
	}{
		{"ok", &truce.Evidence{Text: "Azerbaijani troops entered Kalbajar", Start: 10, End: 45}, ""},
		{"ok denies", &truce.Evidence{Text: "the ministry denied shelling", End: 28, Stance: truce.Denies}, ""},
		{"ok empty span", &truce.Evidence{Text: "x", Start: 3, End: 3}, ""},
		{"nil", nil, "nil evidence"},
		{"no text", &truce.Evidence{Text: "  \n", End: 3}, "no text"},
		{"negative start", &truce.Evidence{Text: "x", Start: -1, End: 2}, "not a span"},
		{"end before start", &truce.Evidence{Text: "x", Start: 5, End: 2}, "not a span"},
		{"stance", &truce.Evidence{Text: "x", End: 1, Stance: "maybe"}, "unknown evidence stance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.ev.Validate(), tt.want)
		})
	}
}

func TestAmendmentValidate(t *testing.T) {
	due, agreed := truce.MustDate("2020-11-25"), truce.MustDate("2020-11-15")
	tests := []struct {
		name       string
		a          *truce.Amendment
		want       string
		wantReview truce.ReviewState
	}{
		{"ok fills review", &truce.Amendment{NewDue: due, AgreedOn: agreed}, "", truce.ReviewAccepted},
		{"ok candidate", &truce.Amendment{NewDue: due, AgreedOn: agreed, Review: truce.ReviewCandidate}, "", truce.ReviewCandidate},
		{"ok evidence", &truce.Amendment{NewDue: due, AgreedOn: agreed, Evidence: &truce.Evidence{Text: "postponed to 25 November", End: 24}}, "", truce.ReviewAccepted},
		{"nil", nil, "nil amendment", ""},
		{"no due", &truce.Amendment{AgreedOn: agreed}, "no new due date", ""},
		{"no agreed", &truce.Amendment{NewDue: due}, "no date it was agreed on", ""},
		{"bad review", &truce.Amendment{NewDue: due, AgreedOn: agreed, Review: "pending"}, "unknown review state", ""},
		{"bad evidence", &truce.Amendment{NewDue: due, AgreedOn: agreed, Evidence: &truce.Evidence{Text: "x", Start: 4, End: 1}}, "not a span", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.a.Validate(), tt.want)
			if tt.want == "" && tt.a.Review != tt.wantReview {
				t.Errorf("Review = %q, want %q", tt.a.Review, tt.wantReview)
			}
		})
	}
}

// checkErr fails t unless err is nil when want is "", or else an EINVALID
// error whose message contains want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("error %v, want none", err)
	case want != "" && err == nil:
		t.Fatalf("no error, want %q", want)
	case want != "" && truce.ErrorCode(err) != truce.EINVALID:
		t.Fatalf("error %v has code %q, want %q", err, truce.ErrorCode(err), truce.EINVALID)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("error %q, want it to contain %q", err, want)
	}
}

func TestAgreementValidate(t *testing.T) {
	ob := func(id string, a truce.Action) truce.Obligation { return truce.Obligation{ID: id, Action: a} }
	tests := []struct {
		name string
		a    *truce.Agreement
		want string
	}{
		{"ok", &truce.Agreement{ID: "nk-2020-11-10", Title: "Trilateral statement", Obligations: []truce.Obligation{ob("kalbajar", truce.ActionHandOver), ob("agdam", truce.ActionHandOver)}}, ""},
		{"ok no obligations", &truce.Agreement{ID: "a", Title: "t"}, ""},
		{"nil", nil, "nil agreement"},
		{"no id", &truce.Agreement{Title: "t"}, "has no id"},
		{"no title", &truce.Agreement{ID: "a"}, "has no title"},
		{"obligation no id", &truce.Agreement{ID: "a", Title: "t", Obligations: []truce.Obligation{ob("", truce.ActionHandOver)}}, "an obligation has no id"},
		{"obligation twice", &truce.Agreement{ID: "a", Title: "t", Obligations: []truce.Obligation{ob("x", truce.ActionHandOver), ob("x", truce.ActionHandOver)}}, "appears twice"},
		{"bad action", &truce.Agreement{ID: "a", Title: "t", Obligations: []truce.Obligation{ob("x", "teleport")}}, "unknown action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.a.Validate(), tt.want)
		})
	}
}

func TestUserAndTokenChecks(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		err  error
		want string // "" for valid
	}{
		{"user", (&truce.User{Name: "ana", Role: truce.RoleAnalyst}).Validate(), ""},
		{"user without a name", (&truce.User{Role: truce.RoleAnalyst}).Validate(), "user without a name"},
		{"user role", (&truce.User{Name: "ana", Role: "boss"}).Validate(), `role "boss"`},
		{"token", (&truce.Token{Hash: hash, Role: truce.RoleViewer}).Validate(), ""},
		{"token hash", (&truce.Token{Hash: "abc", Role: truce.RoleViewer}).Validate(), "64 hex digits"},
		{"token role", (&truce.Token{Hash: hash, Role: "root"}).Validate(), `token role "root"`},
		{"token of an analyst", (&truce.User{Name: "ana", Role: truce.RoleAnalyst}).AllowsToken(&truce.Token{Role: truce.RoleViewer}), ""},
		{"token above the user", (&truce.User{Name: "ana", Role: truce.RoleAnalyst}).AllowsToken(&truce.Token{Role: truce.RoleAdmin}), "cannot have role admin"},
		{"disabled user", (&truce.User{Name: "ana", Role: truce.RoleAdmin, Disabled: true}).AllowsToken(&truce.Token{Role: truce.RoleViewer}), "is disabled"},
	}
	for _, tt := range tests {
		switch {
		case tt.want == "" && tt.err != nil:
			t.Errorf("%s: %v, want valid", tt.name, tt.err)
		case tt.want != "" && (truce.ErrorCode(tt.err) != truce.EINVALID || !strings.Contains(truce.ErrorMessage(tt.err), tt.want)):
			t.Errorf("%s: %v, want truce.EINVALID %q", tt.name, tt.err, tt.want)
		}
	}
}
