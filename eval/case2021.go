package eval

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// caseLabels maps the CASE 2021 task 2 labels to ACLED sub-event types.
var caseLabels = map[string]truce.SubEventType{
	"ABDUCT_DISSAP":                 truce.AbductionForcedDisappearance,
	"AGREEMENT":                     truce.AgreementEvent,
	"AIR_STRIKE":                    truce.AirDroneStrike,
	"ARMED_CLASH":                   truce.ArmedClash,
	"ARREST":                        truce.Arrests,
	"ART_MISS_ATTACK":               truce.ShellingArtilleryMissile,
	"ATTACK":                        truce.Attack,
	"CHANGE_TO_GROUP_ACT":           truce.ChangeToGroupActivity,
	"CHEM_WEAP":                     truce.ChemicalWeapon,
	"DISR_WEAP":                     truce.DisruptedWeaponsUse,
	"FORCE_AGAINST_PROTEST":         truce.ExcessiveForceProtesters,
	"GOV_REGAINS_TERIT":             truce.GovernmentRegainsTerritory,
	"GRENADE":                       truce.Grenade,
	"HQ_ESTABLISHED":                truce.HeadquartersEstablished,
	"MOB_VIOL":                      truce.MobViolence,
	"NON_STATE_ACTOR_OVERTAKES_TER": truce.NonStateActorOvertakes,
	"NON_VIOL_TERRIT_TRANSFER":      truce.NonViolentTransfer,
	"OTHER":                         truce.OtherDevelopment,
	"PEACE_PROTEST":                 truce.PeacefulProtest,
	"PROPERTY_DISTRUCT":             truce.LootingPropertyDestruction,
	"PROTEST_WITH_INTER":            truce.ProtestWithIntervention,
	"REM_EXPLOS":                    truce.RemoteExplosive,
	"SEX_VIOL":                      truce.SexualViolence,
	"SUIC_BOMB":                     truce.SuicideBomb,
	"VIOL_DEMONSTR":                 truce.ViolentDemonstration,
}

// caseDistractors are the CASE 2021 labels outside ACLED's taxonomy: texts
// on which no ACLED event (or only "Other") should be found.
var caseDistractors = map[string]bool{
	"MAN_MADE_DISASTER": true, "NATURAL_DISASTER": true, "DIPLO": true, "ORG_CRIME": true, "ATTRIB": true,
}

// CaseRow is one snippet of the CASE 2021 task 2 test set.
type CaseRow struct {
	ID    string
	Text  string
	Label string // the set's label: ARMED_CLASH, DIPLO, …
}

// SubType returns the ACLED sub-event type of the row's label, or "" for
// a distractor.
func (r *CaseRow) SubType() truce.SubEventType { return caseLabels[r.Label] }

// Distractor reports whether the row's label is outside ACLED's taxonomy.
func (r *CaseRow) Distractor() bool { return caseDistractors[r.Label] }

// ReadCase reads the CASE 2021 task 2 test set from path: the TSV file, or
// the task folder holding test_dataset/*.tsv. The header row is skipped;
// an unknown label is an error.
func ReadCase(path string, limit int) ([]CaseRow, error) {
	file, err := caseFile(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var rows []CaseRow
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", file, err)
		}
		if line == 1 && len(rec) > 0 && strings.EqualFold(rec[0], "id") {
			continue
		}
		if len(rec) < 3 {
			return nil, fmt.Errorf("eval: %s:%d: want 3 tab-separated fields (id, snippet, label), got %d", file, line, len(rec))
		}
		// a tab inside the snippet splits it: the label is the last field
		r := CaseRow{ID: rec[0], Text: strings.TrimSpace(strings.Join(rec[1:len(rec)-1], "\t")), Label: strings.TrimSpace(rec[len(rec)-1])}
		if r.SubType() == "" && !r.Distractor() {
			return nil, fmt.Errorf("eval: %s:%d: unknown label %q", file, line, r.Label)
		}
		rows = append(rows, r)
		if limit > 0 && len(rows) >= limit {
			break
		}
	}
	return rows, nil
}

func caseFile(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("eval: %w", err)
	}
	if !fi.IsDir() {
		return path, nil
	}
	for _, pat := range []string{"*.tsv", "test_dataset/*.tsv"} {
		m, _ := filepath.Glob(filepath.Join(path, pat))
		if len(m) > 0 {
			sort.Strings(m)
			return m[0], nil
		}
	}
	return "", fmt.Errorf("eval: no .tsv file in %s or %s/test_dataset", path, path)
}

// CaseReport holds the figures of a CASE 2021 task 2 run.
type CaseReport struct {
	Path        string `json:"path"`
	Rows        int    `json:"rows"`
	Distractors int    `json:"distractors"`
	Errors      int    `json:"errors"`
	// ErrorSamples are the first few extractor errors, with the row id.
	ErrorSamples []string `json:"error_samples,omitempty"`
	Elapsed      Seconds  `json:"elapsed_s"`
	Workers      int      `json:"workers"`

	// ACLED scores the snippets with an ACLED label only, over the 25
	// types, with the best-matching predicted event (one of the gold type
	// if any, else the highest-confidence one); "no event" is a miss.
	ACLED     Averages     `json:"acled"`
	ACLEDTop1 Averages     `json:"acled_top1"` // highest-confidence event only
	PerType   []ClassScore `json:"per_type"`
	// Confusions are the most frequent errors behind ACLED.
	Confusions []Pair `json:"confusions"`

	// WithDistractors adds the distractor snippets, on which the right
	// answer is no event, or an event of type "Other": any other predicted
	// type is a false positive of that type.
	WithDistractors Averages `json:"with_distractors"`
	// DistractorsRejected counts distractors given no event (or Other),
	// per distractor label in ByDistractor.
	DistractorsRejected Ratio            `json:"distractors_rejected"`
	ByDistractor        map[string]Ratio `json:"by_distractor"`
	// DistractorConfusions are the types most often found in distractors.
	DistractorConfusions []Pair `json:"distractor_confusions"`
}

// Case scores x on the CASE 2021 task 2 set at path. Snippets carry no
// date; they are extracted with the zero publication date.
func Case(ctx context.Context, x Extractor, path string, opts Options) (*CaseReport, error) {
	rows, err := ReadCase(path, opts.Limit)
	if err != nil {
		return nil, err
	}
	rows = spread(rows, opts.Sample)
	rep, err := ScoreCase(ctx, x, rows, opts)
	if err != nil {
		return nil, err
	}
	rep.Path = path
	return rep, nil
}

// ScoreCase scores x on rows.
func ScoreCase(ctx context.Context, x Extractor, rows []CaseRow, opts Options) (*CaseReport, error) {
	start := time.Now()
	outs, err := extractAll(ctx, x, len(rows), func(i int) (string, truce.Date) { return rows[i].Text, 0 }, opts)
	if err != nil {
		return nil, err
	}
	rep := &CaseReport{Rows: len(rows), Elapsed: Seconds(time.Since(start)), Workers: opts.workers(), ByDistractor: map[string]Ratio{}}
	var acled, top1, all, distr Confusion
	for i := range rows {
		r, o := &rows[i], outs[i]
		if o.err != nil {
			rep.Errors++
			rep.ErrorSamples = sampleError(rep.ErrorSamples, r.ID, o.err)
		}
		if r.Distractor() {
			rep.Distractors++
			pred := None
			if t := topConfidence(o.events); t >= 0 && o.events[t].SubType != truce.OtherDevelopment {
				pred = string(o.events[t].SubType)
			}
			all.Add(None, pred)
			distr.AddRow(r.Label, pred, r.ID)
			rep.DistractorsRejected.Add(pred == None)
			d := rep.ByDistractor[r.Label]
			d.Add(pred == None)
			rep.ByDistractor[r.Label] = d
			continue
		}
		gold := string(r.SubType())
		var ev *truce.Event
		if b := bestMatch(o.events, r.SubType(), []truce.EventType{r.SubType().Type()}, 0, 0, 0, false); b >= 0 {
			ev = &o.events[b]
		}
		acled.AddRow(gold, predLabel(ev), r.ID)
		all.Add(gold, predLabel(ev))
		if t := topConfidence(o.events); t >= 0 {
			top1.Add(gold, string(o.events[t].SubType))
		} else {
			top1.Add(gold, None)
		}
	}
	labels := subTypeLabels()
	rep.ACLED = acled.Average(labels)
	rep.ACLEDTop1 = top1.Average(labels)
	rep.PerType = acled.Scores(labels)
	rep.Confusions = acled.TopConfusions(15)
	rep.WithDistractors = all.Average(labels)
	rep.DistractorConfusions = distr.TopConfusions(10)
	return rep, nil
}
