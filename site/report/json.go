package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// writeJSON writes one object: the stage's own facts (Report.JSON), the
// counts, and every finding, each occurrence.
func writeJSON(w io.Writer, r *Report) error {
	var b bytes.Buffer
	b.WriteByte('{')
	if r.JSON != nil {
		facts, err := marshal(r.JSON)
		if err != nil {
			return err
		}
		facts = bytes.TrimSpace(facts)
		if len(facts) < 2 || facts[0] != '{' || facts[len(facts)-1] != '}' {
			return fmt.Errorf("report: the stage's JSON is not an object: %.40s", facts)
		}
		if inner := bytes.TrimSpace(facts[1 : len(facts)-1]); len(inner) > 0 {
			b.Write(inner)
			b.WriteByte(',')
		}
	}
	findings := r.Findings
	if findings == nil {
		findings = []Finding{}
	}
	e, wn := Count(r.Findings)
	tail, err := marshal(struct {
		Errors   int       `json:"errors"`
		Warnings int       `json:"warnings"`
		Findings []Finding `json:"findings"`
	}{e, wn, findings})
	if err != nil {
		return err
	}
	b.Write(bytes.TrimSpace(tail)[1:])
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// marshal encodes v as JSON, leaving <, > and & as they are (messages
// quote HTML).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return b.Bytes(), err
}
