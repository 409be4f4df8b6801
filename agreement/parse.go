package agreement

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/truce-monitor/truce"
)

// MaxFileSize is the largest agreement file Parse reads.
const MaxFileSize = 1 << 20

// Document is a parsed agreement file: the agreement, its amendments, and
// where each field sits in the file, so that Validate can name lines.
type Document struct {
	File       string
	Agreement  *truce.Agreement
	Amendments []truce.Amendment
	pos        positions
}

// positions are the lines of a document's fields.
type positions struct {
	top         fieldLines
	parties     []int
	obligations []fieldLines
	amendments  []fieldLines
}

// fieldLines is the line of a mapping and of each of its fields' values.
type fieldLines struct {
	at     int
	fields map[string]int
}

func (f fieldLines) line(field string) int {
	if l, ok := f.fields[field]; ok {
		return l
	}
	return f.at
}

// Field names, in the order of the format.
var (
	topFields        = []string{"id", "title", "signed", "effective", "parties", "broker", "source", "notes", "obligations", "amendments"}
	obligationFields = []string{"id", "party", "action", "territory", "to", "due", "description"}
	amendmentFields  = []string{"obligation", "new_due", "agreed_on", "source", "note"}
)

// Parse reads an agreement file. filename is used in messages only. It
// checks the file's shape — YAML syntax, known fields, types, dates,
// required fields — and returns every problem as Problems; it does not
// consult the record (see Validate).
func Parse(r io.Reader, filename string) (*truce.Agreement, []truce.Amendment, error) {
	d, err := ParseDocument(r, filename)
	if err != nil {
		return nil, nil, err
	}
	return d.Agreement, d.Amendments, nil
}

// ParseDocument is Parse keeping the lines of fields, for Document.Validate.
func ParseDocument(r io.Reader, filename string) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("agreement: read %s: %w", filename, err)
	}
	if len(data) > MaxFileSize {
		return nil, Problems{{File: filename, Msg: fmt.Sprintf("file larger than %d bytes", MaxFileSize)}}
	}
	p := &parser{file: filename}
	d := p.document(data)
	if len(p.probs) > 0 {
		p.probs.sort()
		return nil, p.probs
	}
	return d, nil
}

type parser struct {
	file  string
	probs Problems
}

func (p *parser) errf(line int, format string, args ...any) {
	p.probs = append(p.probs, Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) document(data []byte) *Document {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if err == io.EOF {
			p.errf(0, "empty file: want an agreement (id, title, signed, parties, obligations)")
			return nil
		}
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			p.errf(n, "bad YAML: %s", m[2])
		} else {
			p.errf(0, "bad YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		line := extra.Line
		if err != nil {
			line = 0
		}
		p.errf(line, "more than one YAML document: want one agreement a file")
		return nil
	}
	if !p.noAliases(&root) {
		return nil
	}
	n := &root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		p.errf(n.Line, "empty file: want an agreement (id, title, signed, parties, obligations)")
		return nil
	}
	d := &Document{File: p.file, Agreement: &truce.Agreement{}}
	a := d.Agreement
	fields, lines := p.mapping(n, "the agreement", topFields)
	if fields == nil {
		return nil
	}
	d.pos.top = lines
	a.ID = p.str(fields, "id", "", true, n.Line)
	a.Title = p.str(fields, "title", "", true, n.Line)
	a.Signed = p.date(fields, "signed", "", true, n.Line)
	a.Effective = p.date(fields, "effective", "", false, n.Line)
	a.Broker = p.str(fields, "broker", "", false, n.Line)
	a.Source = p.str(fields, "source", "", false, n.Line)
	a.Notes = p.str(fields, "notes", "", false, n.Line)
	if v, ok := fields["parties"]; ok {
		if v.Kind != yaml.SequenceNode {
			p.errf(v.Line, "parties: want a list of names")
			v = &yaml.Node{}
		}
		for _, item := range v.Content {
			s, ok := p.scalar(item, "", "parties")
			if ok && s == "" {
				p.errf(item.Line, "parties: empty name")
			}
			if ok && s != "" {
				a.Parties = append(a.Parties, s)
				d.pos.parties = append(d.pos.parties, item.Line)
			}
		}
	} else {
		p.errf(n.Line, "no parties: want a list of the parties' names")
	}
	a.Obligations = []truce.Obligation{}
	if v, ok := fields["obligations"]; ok && !isNull(v) {
		if v.Kind != yaml.SequenceNode {
			p.errf(v.Line, "obligations: want a list")
			v = &yaml.Node{}
		}
		for i, item := range v.Content {
			o, lines, ok := p.obligation(item, i)
			if ok {
				o.AgreementID = a.ID
				a.Obligations = append(a.Obligations, o)
				d.pos.obligations = append(d.pos.obligations, lines)
			}
		}
	}
	if v, ok := fields["amendments"]; ok && !isNull(v) {
		if v.Kind != yaml.SequenceNode {
			p.errf(v.Line, "amendments: want a list")
			v = &yaml.Node{}
		}
		for i, item := range v.Content {
			am, lines, ok := p.amendment(item, i)
			if ok {
				am.AgreementID = a.ID
				d.Amendments = append(d.Amendments, am)
				d.pos.amendments = append(d.pos.amendments, lines)
			}
		}
	}
	return d
}

func (p *parser) obligation(n *yaml.Node, i int) (truce.Obligation, fieldLines, bool) {
	what := fmt.Sprintf("obligation #%d", i+1)
	fields, lines := p.mapping(n, what, obligationFields)
	if fields == nil {
		return truce.Obligation{}, lines, false
	}
	var o truce.Obligation
	o.ID = p.str(fields, "id", what, true, n.Line)
	if o.ID != "" {
		what = fmt.Sprintf("obligation %q", o.ID)
	}
	o.Party = p.str(fields, "party", what, true, n.Line)
	o.Action = truce.Action(p.str(fields, "action", what, true, n.Line))
	o.Territory = p.str(fields, "territory", what, false, n.Line)
	o.To = p.str(fields, "to", what, false, n.Line)
	o.Due = p.date(fields, "due", what, false, n.Line)
	o.Description = p.str(fields, "description", what, false, n.Line)
	return o, lines, true
}

func (p *parser) amendment(n *yaml.Node, i int) (truce.Amendment, fieldLines, bool) {
	what := fmt.Sprintf("amendment #%d", i+1)
	fields, lines := p.mapping(n, what, amendmentFields)
	if fields == nil {
		return truce.Amendment{}, lines, false
	}
	var a truce.Amendment
	a.ObligationID = p.str(fields, "obligation", what, true, n.Line)
	if a.ObligationID != "" {
		what = fmt.Sprintf("amendment of %q", a.ObligationID)
	}
	a.NewDue = p.date(fields, "new_due", what, true, n.Line)
	a.AgreedOn = p.date(fields, "agreed_on", what, true, n.Line)
	a.Source = p.str(fields, "source", what, false, n.Line)
	a.Note = p.str(fields, "note", what, false, n.Line)
	return a, lines, true
}

// mapping checks that n is a mapping of known, distinct fields and returns
// the value of each field with the lines.
func (p *parser) mapping(n *yaml.Node, what string, known []string) (map[string]*yaml.Node, fieldLines) {
	lines := fieldLines{at: n.Line, fields: map[string]int{}}
	if n.Kind != yaml.MappingNode {
		p.errf(n.Line, "%s: want a mapping of fields (%s)", what, strings.Join(known, ", "))
		return nil, lines
	}
	fields := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errf(k.Line, "%s: field names must be plain words", what)
			continue
		}
		if !contains(known, k.Value) {
			msg := fmt.Sprintf("%s: unknown field %q", what, k.Value)
			if s := suggest(k.Value, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			p.errf(k.Line, "%s", msg)
			continue
		}
		if first, dup := lines.fields[k.Value]; dup {
			p.errf(k.Line, "%s: field %q given twice (first on line %d)", what, k.Value, first)
			continue
		}
		fields[k.Value] = v
		lines.fields[k.Value] = k.Line
	}
	return fields, lines
}

// str returns the text of a scalar field; a missing required field is a
// problem reported on line at.
func (p *parser) str(fields map[string]*yaml.Node, name, what string, required bool, at int) string {
	v, ok := fields[name]
	if !ok || isNull(v) {
		if required {
			p.errf(at, "%sno %s", prefix(what), describe(name))
		}
		return ""
	}
	s, ok := p.scalar(v, what, name)
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		p.errf(v.Line, "%s%s is empty", prefix(what), name)
	}
	return s
}

// date returns the day of a YYYY-MM-DD field.
func (p *parser) date(fields map[string]*yaml.Node, name, what string, required bool, at int) truce.Date {
	s := p.str(fields, name, what, required, at)
	if s == "" {
		return 0
	}
	d, err := truce.ParseDate(s)
	if err != nil {
		p.errf(fields[name].Line, "%s%s", prefix(what), truce.ErrorMessage(err))
		return 0
	}
	return d
}

func (p *parser) scalar(v *yaml.Node, what, name string) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		p.errf(v.Line, "%s%s: want a single value, not a %s", prefix(what), name, kindName(v.Kind))
		return "", false
	}
	if isNull(v) {
		return "", true
	}
	return v.Value, true
}

// noAliases rejects YAML anchors and aliases: the format has no references,
// and aliases could expand a small file into a huge one.
func (p *parser) noAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		p.errf(n.Line, "YAML anchors and aliases (&, *) are not allowed")
		return false
	}
	for _, c := range n.Content {
		if !p.noAliases(c) {
			return false
		}
	}
	return true
}

// describe names a required field in a "no ..." message.
func describe(field string) string {
	switch field {
	case "signed":
		return "signing day (signed)"
	case "new_due":
		return "new due day (new_due)"
	case "agreed_on":
		return "day it was agreed (agreed_on)"
	case "obligation":
		return "obligation named (obligation)"
	}
	return field
}

func isNull(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.Tag == "!!null" && (v.Value == "" || v.Value == "~" || v.Value == "null")
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}

func prefix(what string) string {
	if what == "" {
		return ""
	}
	return what + ": "
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
