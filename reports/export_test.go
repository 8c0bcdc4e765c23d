package reports

// SummaryComposed exposes to the tests the fields the summary prints in
// rows of its own making.
var SummaryComposed = summaryComposed
