package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/unicode/norm"

	"casemanager/cdop"
)

// Page geometry (A4, millimetres) and type sizes (points).
const (
	pageW      = 210.0
	pageH      = 297.0
	marginL    = 18.0
	marginR    = 18.0
	marginT    = 22.0 // content starts below the header
	marginB    = 20.0 // content stops above the footer
	contentW   = pageW - marginL - marginR
	cellMargin = 1.5

	sizeTitle   = 20.0
	sizeH1      = 14.0
	sizeH2      = 11.5
	sizeBody    = 10.0
	sizeTable   = 9.0
	sizeSmall   = 8.0
	lineBody    = 5.0 // line height of body text
	lineTable   = 4.4 // line height of table text
	cellPadding = 1.2 // above and below the text of a table cell

	family = "dejavu"

	// Marking is the Government Security Classification marking every page carries.
	Marking = "OFFICIAL-SENSITIVE"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

// The palette: NHS identity colours, which print well in greyscale too.
var (
	colText      = rgb{33, 43, 50}    // near black
	colMuted     = rgb{66, 84, 98}    // secondary text
	colHeading   = rgb{0, 48, 135}    // dark blue
	colRule      = rgb{174, 183, 189} // rules and borders
	colHeadFill  = rgb{232, 237, 238} // table header
	colZebra     = rgb{246, 248, 248} // alternate rows
	colBar       = rgb{0, 94, 184}    // chart bars
	colGood      = rgb{0, 112, 52}    // met
	colBad       = rgb{190, 36, 27}   // missed, overdue
	colWarn      = rgb{140, 90, 0}    // due soon, paused
	colMarking   = rgb{190, 36, 27}   // OFFICIAL-SENSITIVE
	colWhite     = rgb{255, 255, 255}
	colCoverBand = rgb{0, 48, 135}
)

// doc is a PDF being laid out: gofpdf with the house style, page breaks
// under our control (so headings are never orphaned and table headers
// repeat), and headers and footers stamped on every page once the number of
// pages is known.
type doc struct {
	pdf      *gofpdf.Fpdf
	produced string // "4 Mar 2026"
	// coverDate keeps the production date off the pages' feet: an
	// anonymised document prints it on its cover only, where no day count
	// stands beside it.
	coverDate bool
	running   string   // the running title for pages added from now on
	titles    []string // running title of each page, by page number - 1
}

// newDoc starts an A4 document produced on opts.Produced.
func newDoc(title string, opts Options) (*doc, error) {
	if opts.Produced.IsZero() {
		return nil, fmt.Errorf("reports: the production date (Options.Produced) is not set")
	}
	p := gofpdf.New("P", "mm", "A4", "")
	p.SetCatalogSort(true)
	// The metadata carry the production day, as the footer prints it, so
	// the same data produced on the same day give the same bytes.
	day := cdop.DateOf(opts.Produced).Time()
	p.SetCreationDate(day)
	p.SetModificationDate(day)
	producer := "CDOP case manager"
	if opts.Producer != "" {
		producer = opts.Producer
	}
	p.SetProducer(producer, true)
	p.SetCreator(producer, true)
	p.SetTitle(clean(title), true)
	// gofpdf writes into the bytes it is given (padding tables as it
	// subsets them), so each document gets its own copy of the fonts.
	p.AddUTF8FontFromBytes(family, "", bytes.Clone(dejaVuSans))
	p.AddUTF8FontFromBytes(family, "B", bytes.Clone(dejaVuSansBold))
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(false, marginB)
	p.SetCellMargin(cellMargin)
	p.SetFont(family, "", sizeBody)
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("reports: setting up the PDF: %w", err)
	}
	return &doc{pdf: p, produced: producedDate(opts), running: title}, nil
}

// newPage starts a page carrying the current running title.
func (d *doc) newPage() {
	d.pdf.AddPage()
	d.titles = append(d.titles, d.running)
	d.pdf.SetXY(marginL, marginT)
	d.colour(colText)
}

// bottom is the lowest y content may reach.
func (d *doc) bottom() float64 { return pageH - marginB }

// room reports whether h millimetres fit below the current position.
func (d *doc) room(h float64) bool { return d.pdf.GetY()+h <= d.bottom() }

// ensure starts a new page unless h millimetres fit on this one.
func (d *doc) ensure(h float64) {
	if !d.room(h) {
		d.newPage()
	}
}

func (d *doc) font(style string, size float64) { d.pdf.SetFont(family, style, size) }

func (d *doc) colour(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }

func (d *doc) fill(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }

func (d *doc) draw(c rgb) { d.pdf.SetDrawColor(c.r, c.g, c.b) }

// space moves down h millimetres (never past the bottom of the page).
func (d *doc) space(h float64) {
	y := d.pdf.GetY() + h
	if y > d.bottom() {
		y = d.bottom()
	}
	d.pdf.SetXY(marginL, y)
}

// lines wraps s to width w in the current font; an empty s is one empty line.
func (d *doc) lines(s string, w float64) []string {
	s = clean(s)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, d.pdf.SplitText(para, w)...)
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// title prints the document's title block: a large title and a subtitle.
func (d *doc) title(title, subtitle string) {
	d.font("B", sizeTitle)
	d.colour(colHeading)
	for _, l := range d.lines(title, contentW) {
		d.pdf.CellFormat(contentW, 9, l, "", 1, "L", false, 0, "")
	}
	if subtitle != "" {
		d.font("", sizeH2)
		d.colour(colMuted)
		for _, l := range d.lines(subtitle, contentW) {
			d.pdf.CellFormat(contentW, 6, l, "", 1, "L", false, 0, "")
		}
	}
	d.colour(colText)
	d.space(3)
}

// heading prints a section heading (level 1) or sub-heading (level 2) and
// keeps it on the same page as at least follow millimetres of what comes next.
func (d *doc) heading(level int, s string, follow float64) {
	size, h, before := sizeH1, 7.5, 5.0
	if level > 1 {
		size, h, before = sizeH2, 6.0, 3.0
	}
	if d.pdf.GetY() <= marginT+0.1 {
		before = 0 // at the top of a page
	}
	d.font("B", size)
	lines := d.lines(s, contentW)
	need := before + float64(len(lines))*h + 1.5 + follow
	if !d.room(need) {
		d.newPage()
		before = 0
	}
	d.space(before)
	d.colour(colHeading)
	d.font("B", size)
	for _, l := range lines {
		d.pdf.CellFormat(contentW, h, l, "", 1, "L", false, 0, "")
	}
	if level == 1 {
		y := d.pdf.GetY() + 0.3
		d.draw(colHeading)
		d.pdf.SetLineWidth(0.4)
		d.pdf.Line(marginL, y, marginL+contentW, y)
		d.pdf.SetLineWidth(0.2)
	}
	d.space(1.5)
	d.colour(colText)
}

// para prints wrapped body text.
func (d *doc) para(s string) {
	d.paraStyled(s, "", sizeBody, colText)
}

// note prints wrapped small, muted text.
func (d *doc) note(s string) {
	d.paraStyled(s, "", sizeSmall, colMuted)
}

func (d *doc) paraStyled(s, style string, size float64, c rgb) {
	d.font(style, size)
	h := lineBody * size / sizeBody
	for _, l := range d.lines(s, contentW) {
		d.ensure(h)
		d.font(style, size)
		d.colour(c)
		d.pdf.SetX(marginL)
		d.pdf.CellFormat(contentW, h, l, "", 1, "L", false, 0, "")
	}
	d.colour(colText)
	d.space(1.5)
}

// bullets prints a bulleted list.
func (d *doc) bullets(items []string) {
	const indent = 6.0
	d.font("", sizeBody)
	for _, it := range items {
		lines := d.lines(it, contentW-indent)
		d.ensure(lineBody * float64(min(len(lines), 2)))
		for i, l := range lines {
			d.ensure(lineBody)
			d.font("", sizeBody)
			d.colour(colText)
			if i == 0 {
				d.pdf.SetX(marginL)
				d.pdf.CellFormat(indent, lineBody, "•", "", 0, "L", false, 0, "")
			}
			d.pdf.SetX(marginL + indent)
			d.pdf.CellFormat(contentW-indent, lineBody, l, "", 1, "L", false, 0, "")
		}
		d.space(0.8)
	}
	d.space(1)
}

// field is one row of a definition list: a label and its value.
type field struct{ label, value string }

const (
	labelW = 60.0 // width of a definition list's labels
	// keepTogether is the tallest definition list kept on one page.
	keepTogether = 90.0
)

// fieldsHeight is the height fields(rows) takes.
func (d *doc) fieldsHeight(rows []field) float64 {
	h := 1.5
	for _, r := range rows {
		value := r.value
		if strings.TrimSpace(value) == "" {
			value = "not recorded"
		}
		d.font("B", sizeBody)
		n := len(d.lines(r.label, labelW))
		d.font("", sizeBody)
		n = max(n, len(d.lines(value, contentW-labelW)))
		h += float64(n)*lineBody + 1.2
	}
	return h
}

// fieldsHeading prints a heading kept on one page with the definition list
// that follows it (or with its first rows, when the list is long).
func (d *doc) fieldsHeading(level int, s string, rows []field) {
	d.heading(level, s, min(d.fieldsHeight(rows), keepTogether))
}

// fields prints a definition list: labels in a column on the left, wrapped
// values beside them. Rows with an empty value print "not recorded". A list
// that fits on a page is not split.
func (d *doc) fields(rows []field) {
	valueW := contentW - labelW
	if h := d.fieldsHeight(rows); h <= keepTogether {
		d.ensure(h)
	}
	for _, r := range rows {
		value := r.value
		if strings.TrimSpace(value) == "" {
			value = "not recorded"
		}
		d.font("B", sizeBody)
		labels := d.lines(r.label, labelW)
		d.font("", sizeBody)
		values := d.lines(value, valueW)
		n := max(len(labels), len(values))
		h := float64(n)*lineBody + 1.2
		if h <= d.bottom()-marginT {
			d.ensure(h)
		}
		y := d.pdf.GetY()
		for i := 0; i < n; i++ {
			if !d.room(lineBody) {
				d.newPage()
				y = d.pdf.GetY() - float64(i)*lineBody
			}
			ly := y + float64(i)*lineBody
			if i < len(labels) {
				d.font("B", sizeBody)
				d.colour(colMuted)
				d.pdf.SetXY(marginL, ly)
				d.pdf.CellFormat(labelW, lineBody, labels[i], "", 0, "L", false, 0, "")
			}
			if i < len(values) {
				d.font("", sizeBody)
				if strings.TrimSpace(r.value) == "" {
					d.colour(colMuted)
				} else {
					d.colour(colText)
				}
				d.pdf.SetXY(marginL+labelW, ly)
				d.pdf.CellFormat(valueW, lineBody, values[i], "", 0, "L", false, 0, "")
			}
		}
		d.pdf.SetXY(marginL, y+float64(n)*lineBody+1.2)
	}
	d.colour(colText)
	d.space(1.5)
}

// column is one column of a table: its heading, width in millimetres (0
// shares out what the fixed columns leave) and alignment ("L", "R", "C").
type column struct {
	title string
	width float64
	align string
}

// table is a grid of wrapped text with a header row repeated on every page.
type table struct {
	cols []column
	rows [][]string
	// total marks the last row as a total row (bold, ruled above).
	total bool
	// colour, when set, returns the text colour of a cell (nil for the default).
	colour func(row, col int) *rgb
	// bold, when set, reports whether a cell is printed bold.
	bold func(row, col int) bool
	// onRow, when set, is called with each row's page and box once drawn
	// (the panel pack fills in its contents' page numbers this way).
	onRow func(row, page int, y, h float64)
}

// widths resolves the columns' widths to fill the content width.
func (t *table) widths() []float64 {
	fixed, flexible := 0.0, 0
	for _, c := range t.cols {
		if c.width > 0 {
			fixed += c.width
		} else {
			flexible++
		}
	}
	out := make([]float64, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.width
		if c.width <= 0 {
			out[i] = math.Max(10, (contentW-fixed)/float64(flexible))
		}
	}
	return out
}

// table prints t, breaking pages between rows (or, for a row taller than a
// page, between its lines) and repeating the header on each new page.
func (d *doc) table(t table) {
	widths := t.widths()
	header := func() {
		d.font("B", sizeTable)
		cells := make([][]string, len(t.cols))
		n := 1
		for i, c := range t.cols {
			cells[i] = d.lines(c.title, widths[i])
			n = max(n, len(cells[i]))
		}
		h := float64(n)*lineTable + 2*cellPadding
		y := d.pdf.GetY()
		d.fill(colHeadFill)
		d.pdf.Rect(marginL, y, contentW, h, "F")
		d.colour(colText)
		x := marginL
		for i, c := range t.cols {
			for j, l := range cells[i] {
				d.pdf.SetXY(x, y+cellPadding+float64(j)*lineTable)
				d.pdf.CellFormat(widths[i], lineTable, l, "", 0, alignOf(c.align), false, 0, "")
			}
			x += widths[i]
		}
		d.draw(colRule)
		d.pdf.Line(marginL, y+h, marginL+contentW, y+h)
		d.pdf.SetXY(marginL, y+h)
	}
	headerH := func() float64 {
		d.font("B", sizeTable)
		n := 1
		for i, c := range t.cols {
			n = max(n, len(d.lines(c.title, widths[i])))
		}
		return float64(n)*lineTable + 2*cellPadding
	}()
	// The header and the first row stay together.
	first := lineTable + 2*cellPadding
	if len(t.rows) > 0 {
		first = d.rowHeight(t, widths, 0)
		if first > d.bottom()-marginT-headerH {
			first = 3*lineTable + 2*cellPadding
		}
	}
	d.ensure(headerH + first)
	header()
	for r, row := range t.rows {
		isTotal := t.total && r == len(t.rows)-1
		cells := make([][]string, len(t.cols))
		for i := range t.cols {
			style := ""
			if isTotal || (t.bold != nil && t.bold(r, i)) {
				style = "B"
			}
			d.font(style, sizeTable)
			text := ""
			if i < len(row) {
				text = row[i]
			}
			cells[i] = d.lines(text, widths[i])
		}
		// The last row is not left alone on a page: the one before it waits
		// for a page with room for both.
		if r == len(t.rows)-2 {
			pair := d.rowHeight(t, widths, r) + d.rowHeight(t, widths, r+1)
			if !d.room(pair) && pair <= d.bottom()-marginT-headerH && d.pdf.GetY() > marginT+headerH+0.1 {
				d.newPage()
				header()
			}
		}
		from := 0 // first line still to print
		for {
			n := 0
			for _, c := range cells {
				n = max(n, len(c)-from)
			}
			fit := int((d.bottom() - d.pdf.GetY() - 2*cellPadding) / lineTable)
			if n > fit {
				fresh := d.bottom() - marginT - headerH
				wholeFits := float64(n)*lineTable+2*cellPadding <= fresh
				if wholeFits || fit < 2 {
					d.newPage()
					header()
					continue
				}
				n = fit // print what fits, then carry on over the page
			}
			y := d.pdf.GetY()
			h := float64(n)*lineTable + 2*cellPadding
			if r%2 == 1 && !isTotal {
				d.fill(colZebra)
				d.pdf.Rect(marginL, y, contentW, h, "F")
			}
			if isTotal {
				d.draw(colText)
				d.pdf.SetLineWidth(0.3)
				d.pdf.Line(marginL, y, marginL+contentW, y)
				d.pdf.SetLineWidth(0.2)
			}
			x := marginL
			for i, c := range t.cols {
				style := ""
				if isTotal || (t.bold != nil && t.bold(r, i)) {
					style = "B"
				}
				d.font(style, sizeTable)
				col := colText
				if t.colour != nil {
					if cc := t.colour(r, i); cc != nil {
						col = *cc
					}
				}
				d.colour(col)
				for j := 0; j < n && from+j < len(cells[i]); j++ {
					d.pdf.SetXY(x, y+cellPadding+float64(j)*lineTable)
					d.pdf.CellFormat(widths[i], lineTable, cells[i][from+j], "", 0, alignOf(c.align), false, 0, "")
				}
				x += widths[i]
			}
			d.draw(colRule)
			d.pdf.Line(marginL, y+h, marginL+contentW, y+h)
			d.pdf.SetXY(marginL, y+h)
			if t.onRow != nil && from == 0 {
				t.onRow(r, d.pdf.PageNo(), y, h)
			}
			from += n
			done := true
			for _, c := range cells {
				if from < len(c) {
					done = false
				}
			}
			if done {
				break
			}
			d.newPage()
			header()
		}
	}
	d.colour(colText)
	d.space(3)
}

// rowHeight is the height of row r of t when printed.
func (d *doc) rowHeight(t table, widths []float64, r int) float64 {
	n := 1
	for i := range t.cols {
		style := ""
		if (t.total && r == len(t.rows)-1) || (t.bold != nil && t.bold(r, i)) {
			style = "B"
		}
		d.font(style, sizeTable)
		if i < len(t.rows[r]) {
			n = max(n, len(d.lines(t.rows[r][i], widths[i])))
		}
	}
	return float64(n)*lineTable + 2*cellPadding
}

func alignOf(a string) string {
	if a == "" {
		return "L"
	}
	return a
}

// bar is one bar of a chart: its label, its length and the text printed
// at its end. A hidden bar (a suppressed count) draws no bar, only its text.
type bar struct {
	label  string
	value  float64
	text   string
	hidden bool
}

// barChart draws a horizontal bar chart with a title, scaled to the largest
// bar, with light gridlines, the whole chart kept on one page. Long labels
// wrap onto a second line.
func (d *doc) barChart(title string, bars []bar, footnote string) {
	if len(bars) == 0 {
		return
	}
	const (
		labelW = 62.0
		textW  = 16.0
		barH   = 5.0
		gap    = 1.8
		labelH = 3.6 // line height of a wrapped label
	)
	plotW := contentW - labelW - textW
	d.font("", sizeTable)
	labels := make([][]string, len(bars))
	rowH := make([]float64, len(bars))
	plotH := 0.0
	for i, b := range bars {
		l := d.lines(b.label, labelW-2)
		if len(l) > 2 {
			l = l[:2]
			l[1] = fitText(d.pdf, l[1]+"…", labelW-2-2*cellMargin)
		}
		labels[i] = l
		rowH[i] = math.Max(barH, float64(len(l))*labelH) + gap
		plotH += rowH[i]
	}
	height := 7 + plotH + 6
	if footnote != "" {
		height += 5
	}
	d.ensure(height)
	d.font("B", sizeTable)
	d.colour(colText)
	d.pdf.SetX(marginL)
	d.pdf.CellFormat(contentW, 6, clean(title), "", 1, "L", false, 0, "")
	top := d.pdf.GetY() + 1
	maxV := 0.0
	for _, b := range bars {
		if !b.hidden {
			maxV = math.Max(maxV, b.value)
		}
	}
	step := niceStep(maxV)
	scaleMax := math.Max(step, math.Ceil(maxV/step)*step)
	x0 := marginL + labelW
	// Gridlines and their values.
	d.draw(rgb{222, 226, 228})
	d.font("", sizeSmall-1)
	d.colour(colMuted)
	for v := 0.0; v <= scaleMax+step/2; v += step {
		x := x0 + v/scaleMax*plotW
		d.pdf.Line(x, top, x, top+plotH)
		d.pdf.SetXY(x-8, top+plotH+0.5)
		d.pdf.CellFormat(16, 3.5, trimFloat(v), "", 0, "C", false, 0, "")
	}
	d.draw(colMuted)
	d.pdf.Line(x0, top, x0, top+plotH)
	y := top
	for i, b := range bars {
		mid := y + rowH[i]/2
		d.font("", sizeTable)
		d.colour(colText)
		ly := mid - float64(len(labels[i]))*labelH/2
		for j, l := range labels[i] {
			d.pdf.SetXY(marginL, ly+float64(j)*labelH)
			d.pdf.CellFormat(labelW-2, labelH, l, "", 0, "R", false, 0, "")
		}
		w := 0.0
		if !b.hidden && scaleMax > 0 {
			w = b.value / scaleMax * plotW
			d.fill(colBar)
			if w > 0 {
				d.pdf.Rect(x0, mid-barH/2, w, barH, "F")
			}
		}
		d.font("B", sizeTable)
		d.pdf.SetXY(x0+w+0.5, mid-barH/2)
		d.pdf.CellFormat(textW, barH, b.text, "", 0, "L", false, 0, "")
		y += rowH[i]
	}
	d.pdf.SetXY(marginL, top+plotH+5)
	if footnote != "" {
		d.note(footnote)
	}
	d.colour(colText)
	d.space(2)
}

// niceStep returns a round gridline interval for values up to max.
func niceStep(max float64) float64 {
	if max <= 0 {
		return 1
	}
	raw := max / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return math.Max(1, m*mag)
		}
	}
	return math.Max(1, 10*mag)
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// stamp prints the marking, running title, production date and "Page X of
// Y" on every page. It runs last, when the number of pages is known: each
// page's content stream is reopened and the text state set afresh, since a
// page keeps the font and colours it ended with.
func (d *doc) stamp() {
	p := d.pdf
	n := p.PageCount()
	for i := 1; i <= n; i++ {
		p.SetPage(i)
		// Every setter below writes its operator into this page's stream
		// (SetFont does so even when the font is unchanged).
		p.SetLineWidth(0.2)
		d.fill(colWhite)
		// Header: the marking, centred, with a rule beneath.
		d.font("B", 9.5)
		d.colour(colMarking)
		p.SetXY(marginL, 8)
		p.CellFormat(contentW, 5, Marking, "", 0, "C", false, 0, "")
		d.draw(colRule)
		p.Line(marginL, 14.5, pageW-marginR, 14.5)
		// Footer: rule, production date, running title, page number, marking.
		y := pageH - 14
		p.Line(marginL, y-1.5, pageW-marginR, y-1.5)
		d.font("", sizeSmall)
		d.colour(colMuted)
		p.SetXY(marginL, y)
		if !d.coverDate {
			p.CellFormat(45, 4, "Produced "+d.produced, "", 0, "L", false, 0, "")
		}
		title := ""
		if i-1 < len(d.titles) {
			title = d.titles[i-1]
		}
		d.font("", sizeSmall)
		p.SetXY(marginL+45, y)
		p.CellFormat(contentW-90, 4, fitText(p, clean(title), contentW-90-2*cellMargin), "", 0, "C", false, 0, "")
		p.SetXY(pageW-marginR-45, y)
		p.CellFormat(45, 4, fmt.Sprintf("Page %d of %d", i, n), "", 0, "R", false, 0, "")
		d.font("B", sizeSmall)
		d.colour(colMarking)
		p.SetXY(marginL, y+4.5)
		p.CellFormat(contentW, 4, Marking, "", 0, "C", false, 0, "")
	}
	p.SetPage(n)
}

// fitText shortens s with an ellipsis until it fits width w in the current font.
func fitText(p *gofpdf.Fpdf, s string, w float64) string {
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// finish stamps every page and writes the PDF to w.
func (d *doc) finish(w io.Writer) error {
	if d.pdf.PageCount() == 0 {
		d.newPage()
	}
	d.stamp()
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("reports: writing the PDF: %w", err)
	}
	return nil
}

// clean makes text safe to print with gofpdf's UTF-8 support: composed
// (NFC) so accents sit on their letters and widths are measured right,
// control characters other than newlines turned to spaces, and characters
// beyond the Basic Multilingual Plane (emoji), which gofpdf cannot encode,
// replaced.
func clean(s string) string {
	if isPlain(s) {
		return s
	}
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r > 0xFFFF:
			return '\uFFFD'
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
}

// isPlain reports whether s is printable ASCII, needing no cleaning.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}
