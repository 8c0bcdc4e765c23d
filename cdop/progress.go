package cdop

import "context"

// Unit is what a long job's progress counts.
type Unit int

// The units of progress.
const (
	UnitCases Unit = iota // cases read
	UnitBytes             // bytes copied or checked
)

// Progress is how far a long job (a PDF of many cases, a backup) has got:
// Done of Total, in Unit, with Stage saying what is under way ("" for the
// job's one stage).
type Progress struct {
	Stage       string
	Done, Total int64
	Unit        Unit
}

type progressKey struct{}

// WithProgress returns a context whose jobs tell hear how far they have
// got (ReportProgress); hear is called on the job's goroutine and must not
// block. A job that can say nothing of its progress never calls it.
func WithProgress(ctx context.Context, hear func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, hear)
}

// ReportProgress tells whoever listens through ctx (WithProgress) how far
// a job has got; with no one listening it does nothing.
func ReportProgress(ctx context.Context, p Progress) {
	if hear, ok := ctx.Value(progressKey{}).(func(Progress)); ok && hear != nil {
		hear(p)
	}
}
